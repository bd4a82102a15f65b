namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>Which failed messages to act on: the given message ids, all of a <paramref name="MessageType"/>, or with <paramref name="All"/> every one.</summary>
public sealed record FailedMessagesRequest(string RequestedBy, IReadOnlyList<Guid>? MessageIds = null, string? MessageType = null, bool All = false);
