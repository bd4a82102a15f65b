namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>Divergence of the window ending at <paramref name="WindowEnd"/> from its reference; null when either had too few samples.</summary>
public sealed record DriftPoint(DateTimeOffset WindowEnd, double? JensenShannon);
