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

    /// <summary>Per-request timeout against the EHR.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
