namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>
/// One distribution of incoming work (<see cref="KnownDistributions"/>), current window against the reference window
/// before it. <paramref name="JensenShannon"/> is in bits (0 = same, 1 = disjoint); <paramref name="KullbackLeibler"/>
/// is KL(window ‖ reference) in bits with add-½ smoothing, so a category new in the window stays finite. Both are null
/// when either window has fewer workflows than the configured minimum.
/// </summary>
public sealed record DistributionDrift(
    string Distribution,
    double? JensenShannon,
    double? KullbackLeibler,
    int WindowSamples,
    int ReferenceSamples,
    IReadOnlyDictionary<string, double> Window,
    IReadOnlyDictionary<string, double> Reference,
    IReadOnlyList<DriftPoint> Series);
