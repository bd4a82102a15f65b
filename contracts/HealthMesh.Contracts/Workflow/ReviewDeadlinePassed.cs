namespace HealthMesh.Contracts;

/// <summary>Raised by the Orchestrator's deadline monitor when a draft has waited past its review deadline.</summary>
public sealed record ReviewDeadlinePassed(Guid WorkflowId, DateTimeOffset DueAt);
