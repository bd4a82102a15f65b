namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>
/// A step command that faulted and whose workflow is still Faulted. <paramref name="Reason"/> is the saga's fault
/// reason (the exception message; shown to operators, never logged).
/// </summary>
public sealed record FailedMessage(
    Guid MessageId,
    Guid WorkflowId,
    string MessageType,
    string Step,
    string? ExceptionType,
    string? Reason,
    DateTimeOffset FaultedAt);
