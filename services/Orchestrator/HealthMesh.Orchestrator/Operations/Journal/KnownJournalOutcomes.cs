namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>What a journaled message reports.</summary>
public static class KnownJournalOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Faulted = "faulted";
    public const string Approved = "approved";
    public const string ApprovedWithEdits = "approved-with-edits";
    public const string Rejected = "rejected";
    public const string RegenerationRequested = "regeneration-requested";
    public const string Completed = "completed";
    public const string Superseded = "superseded";
    public const string Overdue = "overdue";
    public const string RetryRequested = "retry-requested";
    public const string ReplayRequested = "replay-requested";
    public const string Parked = "parked";
}
