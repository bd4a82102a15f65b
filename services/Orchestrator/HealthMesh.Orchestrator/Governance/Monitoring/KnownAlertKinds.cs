namespace HealthMesh.Orchestrator.Governance.Monitoring;

public static class KnownAlertKinds
{
    public const string Quality = "quality";
    public const string Drift = "drift";
    public const string Fairness = "fairness";
}
