namespace HealthMesh.Orchestrator.Governance.Audit;

public static class KnownAuditOutcomes
{
    public const string Success = "success";

    /// <summary>The step was attempted and faulted (a fault on the bus); the detail names the exception type, never its message.</summary>
    public const string Failure = "failure";
}
