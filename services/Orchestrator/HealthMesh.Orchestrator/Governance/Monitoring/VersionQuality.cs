namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>One drafting engine version: its current rolling window and the window day by day.</summary>
public sealed record VersionQuality(string EngineName, string EngineVersion, QualityMeasures Window, IReadOnlyList<QualityPoint> Series);
