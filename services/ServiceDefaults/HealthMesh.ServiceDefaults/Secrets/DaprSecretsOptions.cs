using System.ComponentModel.DataAnnotations;

namespace HealthMesh.ServiceDefaults.Secrets;

/// <summary>
/// Configuration from a Dapr secret store, read through the sidecar at start-up. Section <c>HealthMesh:Dapr</c>.
/// Each key of each secret is a configuration key in environment form (<c>HealthMesh__Deidentification__HmacKey</c>)
/// or colon form, and overrides the same key from any other source.
/// </summary>
public sealed class DaprSecretsOptions
{
    public const string SectionName = "HealthMesh:Dapr";

    /// <summary>The secret store component's name (e.g. <c>healthmesh-secrets</c>). Unset: no secret store is read.</summary>
    public string? SecretStore { get; set; }

    /// <summary>Secrets to read from the store. Empty: every secret the store will list (its bulk API).</summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>The sidecar's HTTP address; default from Dapr's <c>DAPR_HTTP_ENDPOINT</c> or <c>DAPR_HTTP_PORT</c> on loopback.</summary>
    public Uri? HttpEndpoint { get; set; }

    /// <summary>How long start-up waits for the sidecar to be ready (default 60 s): pods start app and sidecar together.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SidecarTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
