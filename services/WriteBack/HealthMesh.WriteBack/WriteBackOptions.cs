using System.ComponentModel.DataAnnotations;

namespace HealthMesh.WriteBack;

/// <summary>How notes are written to the EHR. Section <c>HealthMesh:WriteBack</c>.</summary>
public sealed class WriteBackOptions
{
    public const string SectionName = "HealthMesh:WriteBack";

    /// <summary>
    /// Identifier system of the HealthMesh business identifier <c>{workflowId}-{resourceType}</c> every written resource
    /// carries, and which conditional creates match on (default <c>urn:healthmesh:note</c>). Changing it on a running
    /// system makes replays of old workflows write a second copy.
    /// </summary>
    [Required]
    public string IdentifierSystem { get; set; } = "urn:healthmesh:note";

    /// <summary>
    /// Also write the reviewer-accepted codes as <c>Condition</c> resources (category encounter-diagnosis, confirmed,
    /// asserted by the reviewer) in the note's transaction (default false: many EHRs reconcile diagnoses themselves, so a
    /// site opts in). Each carries the identifier <c>{workflowId}-condition-{code}</c> and is created conditionally.
    /// </summary>
    public bool WriteConditions { get; set; }

    /// <summary>Redeliveries of a write that failed transiently (EHR 429/5xx/timeout), after the HTTP client's own retries (default 5).</summary>
    [Range(0, 100)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>First redelivery delay; doubles up to <see cref="RetryMaxInterval"/> (default 2 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest redelivery delay (default 2 min).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromMinutes(2);
}
