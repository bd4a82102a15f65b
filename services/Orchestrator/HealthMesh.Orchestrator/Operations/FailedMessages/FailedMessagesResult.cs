namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <param name="Done">Message ids retried or parked.</param>
/// <param name="NotFound">Requested message ids that are not (or no longer) failed messages.</param>
public sealed record FailedMessagesResult(IReadOnlyList<Guid> Done, IReadOnlyList<Guid> NotFound);
