namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>
/// Which failed messages to act on: the given message ids, all of a <paramref name="MessageType"/>, or with
/// <paramref name="All"/> every one. Who asked is the signed-in operator, never a body field: a <c>requestedBy</c> in the
/// body (CLIs before this change sent one) is ignored, so an audit entry cannot name someone else.
/// </summary>
/// <param name="Parked">Retry parked messages (set aside earlier) instead of failed ones; parking applies to failed ones only.</param>
public sealed record FailedMessagesRequest(IReadOnlyList<Guid>? MessageIds = null, string? MessageType = null, bool All = false, bool Parked = false);
