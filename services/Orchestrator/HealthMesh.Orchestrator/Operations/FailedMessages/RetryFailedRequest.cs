namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>Which failed messages to retry: the given message ids, or all of a <paramref name="MessageType"/>, or with <paramref name="All"/> every one.</summary>
public sealed record RetryFailedRequest(string RequestedBy, IReadOnlyList<Guid>? MessageIds = null, string? MessageType = null, bool All = false);
