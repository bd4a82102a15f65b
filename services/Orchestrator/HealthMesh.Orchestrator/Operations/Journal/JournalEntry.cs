namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>
/// One journaled message, without its body. Ids, names and times only: no PHI (the exception message of a fault stays in
/// the encrypted body; only its type is here).
/// </summary>
/// <param name="Step">intake, deidentify, draft, review, write-back or workflow (<see cref="KnownJournalSteps"/>).</param>
/// <param name="Outcome">What the message says happened (<see cref="KnownJournalOutcomes"/>).</param>
/// <param name="ReplayOf">For a replayed message: the id of the journaled message it replays.</param>
/// <param name="ReplayBatch">For a replayed message: the replay batch that sent it.</param>
public sealed record JournalEntry(
    Guid MessageId,
    Guid WorkflowId,
    string MessageType,
    string Step,
    string Outcome,
    string? SourceSystem,
    string? ResourceType,
    string? ExceptionType,
    DateTimeOffset SentAt,
    DateTimeOffset RecordedAt,
    Guid? ReplayOf,
    Guid? ReplayBatch);
