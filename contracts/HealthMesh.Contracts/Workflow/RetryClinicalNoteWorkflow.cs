namespace HealthMesh.Contracts;

/// <summary>An operator asks a faulted workflow to run its failed step again.</summary>
public sealed record RetryClinicalNoteWorkflow(Guid WorkflowId, string RequestedBy);
