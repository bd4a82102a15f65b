namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>What was done to a workflow, as the audit trail names it (also the HealthMesh AuditEvent subtype code).</summary>
public static class KnownAuditActions
{
    public const string Accepted = "accepted";
    public const string Deidentified = "de-identified";
    public const string Drafted = "drafted";
    public const string Viewed = "viewed";
    public const string Edited = "edited";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string RegenerationRequested = "regeneration-requested";
    public const string Reidentified = "re-identified";
    public const string WrittenBack = "written-back";
    public const string Replayed = "replayed";
    public const string Retried = "retried";

    public static readonly IReadOnlyList<string> All =
    [
        Accepted, Deidentified, Drafted, Viewed, Edited, Approved, Rejected, RegenerationRequested, Reidentified, WrittenBack, Replayed, Retried,
    ];
}
