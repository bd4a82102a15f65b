namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>
/// A message that failed: on RabbitMQ one waiting in an error (<c>*_error</c>) or dead-letter (<c>*_skipped</c>) queue;
/// on the in-memory transport a step command whose fault the journal recorded and whose workflow is still Faulted.
/// <paramref name="Reason"/> is the exception message (shown to operators, never logged: it can quote PHI).
/// </summary>
/// <param name="Queue">The error, dead-letter or parking queue; <c>journal</c> or <c>journal_parking</c> in memory.</param>
public sealed record FailedMessage(
    Guid MessageId,
    string Queue,
    string MessageType,
    Guid? WorkflowId,
    string Step,
    string? ExceptionType,
    string? Reason,
    DateTimeOffset FaultedAt);
