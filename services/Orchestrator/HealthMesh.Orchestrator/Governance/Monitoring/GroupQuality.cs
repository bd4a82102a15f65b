namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>
/// Quality for one patient group of one dimension (<see cref="KnownGroupDimensions"/>). <paramref name="DisparityRatio"/>
/// is the group's worst ratio to the best judged group of the dimension over the higher-is-better rates (sentences kept,
/// codes accepted, drafts approved), named by <paramref name="DisparityMeasure"/>; null for groups not judged (too few
/// decisions, or demographics not recorded).
/// </summary>
public sealed record GroupQuality(
    string Dimension,
    string Group,
    QualityMeasures Measures,
    bool Judged,
    double? DisparityRatio,
    string? DisparityMeasure);
