using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Intake.Subscriptions;

/// <summary>How Intake watches subscription health and recovers missed events. Section <c>HealthMesh:Intake:Recovery</c>.</summary>
public sealed class RecoveryOptions
{
    public const string SectionName = "HealthMesh:Intake:Recovery";

    /// <summary>How often the monitor checks heartbeats and retries unfinished recoveries (default 15 s). A gap wakes it at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A heartbeat is overdue after this many heartbeat periods without any notification (default 2).</summary>
    [Range(1.0, 100.0)]
    public double HeartbeatGraceFactor { get; set; } = 2;

    /// <summary>
    /// How far before the recovery window the <c>_lastUpdated</c> search starts (default 5 minutes): a resource may be
    /// updated before the notification preceding it arrived, and a clock may be off. Re-found resources are
    /// de-duplicated by resource + version, so the overlap costs reads, never duplicate notes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SearchOverlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most result pages read per resource type in one recovery search (default 1000), a guard against a looping next link.</summary>
    [Range(1, 100_000)]
    public int MaxSearchPages { get; set; } = 1000;
}
