namespace HealthMesh.Orchestrator.Operations.Status;

/// <summary>The workflow of a state that has waited longest since its last change.</summary>
public sealed record OldestWorkflow(string State, Guid WorkflowId, DateTimeOffset Since);
