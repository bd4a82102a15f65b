namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>The rolling window's measures as they stood at <paramref name="WindowEnd"/>.</summary>
public sealed record QualityPoint(DateTimeOffset WindowEnd, QualityMeasures Measures);
