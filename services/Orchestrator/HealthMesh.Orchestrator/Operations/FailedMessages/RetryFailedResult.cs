namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <param name="Retried">Workflows a retry was sent for.</param>
/// <param name="NotFound">Requested message ids that are not failed messages of a workflow still Faulted.</param>
public sealed record RetryFailedResult(IReadOnlyList<Guid> Retried, IReadOnlyList<Guid> NotFound);
