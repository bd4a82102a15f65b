namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>The services that act on a workflow, as they appear as audit agents.</summary>
public static class KnownAuditServices
{
    public const string Intake = "intake";
    public const string Deidentification = "deidentification";
    public const string Summarization = "summarization";
    public const string WriteBack = "write-back";
}
