namespace HealthMesh.Orchestrator.Workflows.Operations;

/// <param name="RequestedBy">Who asks for the retry (an operator id), recorded with the retry.</param>
public sealed record RetryWorkflowRequest(string RequestedBy);
