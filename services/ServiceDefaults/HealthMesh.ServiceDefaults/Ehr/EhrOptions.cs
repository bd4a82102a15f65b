using System.ComponentModel.DataAnnotations;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>The EHR HealthMesh reads context from and writes notes to. Section <c>HealthMesh:Ehr</c>.</summary>
public sealed class EhrOptions
{
    public const string SectionName = "HealthMesh:Ehr";
    public const string HttpClientName = "ehr";

    /// <summary>FHIR R4 base URL, e.g. <c>http://localhost:5080/fhir</c>. Also the workflow's source-system name.</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>Limit for one call to the EHR, retries and their waits included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a 429, a 5xx, a 408 or a network failure (default 3).</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff delay when the EHR gives no <c>Retry-After</c> (default 1 s; exponential with jitter after).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait honoured from a <c>Retry-After</c> header (seconds or HTTP-date), default 20 s; a longer one is
    /// shortened to this. Keep it below <see cref="Timeout"/>, which bounds the whole call.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>SMART Backend Services authorization; off by default.</summary>
    public SmartBackendOptions Smart { get; set; } = new();
}
