using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>The message journal's retention. Section <c>HealthMesh:Journal</c>.</summary>
public sealed class JournalOptions
{
    public const string SectionName = "HealthMesh:Journal";

    /// <summary>How long journaled messages are kept (and can be replayed). Default 30 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the purge job deletes entries older than <see cref="Retention"/>. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}
