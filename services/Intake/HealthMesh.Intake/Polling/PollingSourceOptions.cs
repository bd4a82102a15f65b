using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Intake.Polling;

/// <summary>One polled search. Section <c>HealthMesh:Intake:Polling:Sources:{id}</c>.</summary>
public sealed class PollingSourceOptions
{
    /// <summary>FHIR base to poll. Default: <c>HealthMesh:Ehr:BaseUrl</c> (same client, retries and SMART token).</summary>
    public Uri? EhrBaseUrl { get; set; }

    /// <summary><c>Encounter</c> or <c>DiagnosticReport</c>: the resources that can start a note.</summary>
    [Required]
    public string ResourceType { get; set; } = string.Empty;

    /// <summary>Search criteria besides <c>_lastUpdated</c>, e.g. <c>status=finished</c> (default none).</summary>
    public string? Criteria { get; set; }

    /// <summary>Time between rounds (default 1 minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Each round searches from this long before the watermark (default 1 minute): resources with the same
    /// <c>_lastUpdated</c> instant, or committed late with an earlier timestamp, are found again and de-duplicated by
    /// resource id + version in the intake journal.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where a new source starts: this long before its first round (default 0: only changes from now on).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan InitialLookback { get; set; } = TimeSpan.Zero;

    /// <summary>Page size asked for (<c>_count</c>, default 50).</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 50;
}
