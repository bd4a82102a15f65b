namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>What monitoring is computed from: the review decisions and the incoming work of a period.</summary>
public sealed record MonitoringHistory(IReadOnlyList<ReviewOutcome> Outcomes, IReadOnlyList<IncomingWork> Work);
