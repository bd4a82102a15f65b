using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>Windows and thresholds of quality, drift and fairness monitoring (<c>HealthMesh:Monitoring</c>).</summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "HealthMesh:Monitoring";

    /// <summary>Rolling window of the quality measures per engine version. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan QualityWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Decisions a version's window needs before it can raise an alert. Default 20.</summary>
    [Range(1, int.MaxValue)]
    public int MinimumDecisions { get; set; } = 20;

    /// <summary>Alert when the window's sentence edit rate is above this. Default 0.30.</summary>
    [Range(0.0, 1.0)]
    public double MaxEditRate { get; set; } = 0.30;

    /// <summary>Alert when the window's rejection rate (rejected or sent back) is above this. Default 0.15.</summary>
    [Range(0.0, 1.0)]
    public double MaxRejectionRate { get; set; } = 0.15;

    /// <summary>Alert when the window's drafted-code acceptance rate is below this. Default 0.70.</summary>
    [Range(0.0, 1.0)]
    public double MinCodeAcceptanceRate { get; set; } = 0.70;

    /// <summary>Alert when the window's median review time is above this many seconds. Default 600.</summary>
    [Range(1.0, double.MaxValue)]
    public double MaxMedianReviewSeconds { get; set; } = 600;

    /// <summary>Current window of incoming work drift looks at. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan DriftWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Reference window, just before the current one. Default 28 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan DriftReferenceWindow { get; set; } = TimeSpan.FromDays(28);

    /// <summary>Workflows each window needs before divergence is computed. Default 30.</summary>
    [Range(1, int.MaxValue)]
    public int MinimumDriftSamples { get; set; } = 30;

    /// <summary>Alert when a distribution's Jensen–Shannon divergence (bits, 0–1) is above this. Default 0.10.</summary>
    [Range(0.0, 1.0)]
    public double MaxJensenShannon { get; set; } = 0.10;

    /// <summary>Window of the per-group breakdown. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan FairnessWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Decisions a group needs to be judged, so a handful of notes cannot raise an alarm. Default 20.</summary>
    [Range(1, int.MaxValue)]
    public int MinimumGroupSize { get; set; } = 20;

    /// <summary>Alert when a group's rate falls below this share of the best group's (the four-fifths rule). Default 0.80.</summary>
    [Range(0.0, 1.0)]
    public double MinDisparityRatio { get; set; } = 0.80;

    /// <summary>How often the metrics exported through OpenTelemetry are recomputed. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back the page and the exported metrics look. Default 90 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan History { get; set; } = TimeSpan.FromDays(90);
}
