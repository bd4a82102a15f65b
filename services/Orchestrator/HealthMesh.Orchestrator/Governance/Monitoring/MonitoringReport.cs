namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>Quality per engine version, drift of incoming work and quality per patient group, with the alerts they raise.</summary>
public sealed record MonitoringReport(
    DateTimeOffset GeneratedAt,
    DateTimeOffset Since,
    IReadOnlyList<VersionQuality> Versions,
    IReadOnlyList<DistributionDrift> Drift,
    IReadOnlyList<GroupQuality> Groups,
    IReadOnlyList<MonitoringAlert> Alerts);
