namespace HealthMesh.Intake.Journal;

public sealed record IntakeJournalEntry(Guid EntryId, IntakeEntryState State, Guid? WorkflowId, string? Reason)
{
    /// <summary>Published, duplicate and ignored entries are final: a redelivery is acknowledged without doing anything.</summary>
    public bool IsSettled => State is IntakeEntryState.Published or IntakeEntryState.Duplicate or IntakeEntryState.Ignored;
}
