using System.ComponentModel.DataAnnotations;

namespace HealthMesh.EhrSandbox;

/// <summary>
/// The development EHR sandbox: a FHIR R4 server for demos and tests, never a system of record.
/// Section <c>HealthMesh:EhrSandbox</c>.
/// </summary>
public sealed class EhrSandboxOptions
{
    public const string SectionName = "HealthMesh:EhrSandbox";

    /// <summary>SQLite connection string of the sandbox's own file. Default <c>Data Source=.data/ehr-sandbox.db</c>.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=.data/ehr-sandbox.db";

    /// <summary>Load every sample case from <c>samples/fhir</c> when the host starts (idempotent). Default <c>false</c>.</summary>
    public bool SeedOnStart { get; set; }

    /// <summary>
    /// Absolute base URL used in <c>Location</c>, <c>fullUrl</c> and paging links, e.g. <c>http://localhost:5080/fhir</c>.
    /// When unset, the base is taken from each request (scheme, host, path base and the mapped prefix).
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>How often the subscription outbox is polled for due notifications. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delivery attempts per notification before it is parked as failed. Default 8 (backoff 1 s doubling, capped at 5 min).</summary>
    [Range(1, 100)]
    public int MaxDeliveryAttempts { get; set; } = 8;

    /// <summary>Largest page a search returns, whatever <c>_count</c> asks. Default 100; the default page is 20.</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 100;
}
