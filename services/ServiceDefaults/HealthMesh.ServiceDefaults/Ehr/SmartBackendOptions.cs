using HealthMesh.ServiceDefaults.Secrets;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>
/// SMART Backend Services (client credentials with a signed JWT assertion) for every call to the EHR.
/// Section <c>HealthMesh:Ehr:Smart</c>. Off by default (sandboxes without auth); when on, every setting is validated at start.
/// </summary>
public sealed class SmartBackendOptions
{
    public const string Rs384 = "RS384";
    public const string Es384 = "ES384";

    /// <summary>Obtain a bearer token and send it with every EHR request. Default <c>false</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The client id the EHR registered for HealthMesh (the assertion's <c>iss</c> and <c>sub</c>).</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Read <see cref="ClientId"/> from the Dapr secret store (<c>HealthMesh:Dapr:SecretStore</c>): <c>Name</c> of the
    /// secret, <c>Key</c> inside it. For sites that treat the client id as a secret; wins over <see cref="ClientId"/>.
    /// </summary>
    public DaprSecretReference? ClientIdSecret { get; set; }

    /// <summary>
    /// The private key the EHR knows by its public JWK: a PEM (<c>-----BEGIN PRIVATE KEY-----</c>, RSA or EC P-384) or a
    /// private JWK (JSON). Keep it in a secret store, never in appsettings.json.
    /// </summary>
    public string? PrivateKey { get; set; }

    /// <summary>
    /// Read <see cref="PrivateKey"/> from the Dapr secret store (<c>HealthMesh:Dapr:SecretStore</c>): <c>Name</c> of the
    /// secret, <c>Key</c> inside it (e.g. <c>healthmesh-ehr-smart</c> / <c>private-key.pem</c>); wins over <see cref="PrivateKey"/>.
    /// </summary>
    public DaprSecretReference? PrivateKeySecret { get; set; }

    /// <summary>
    /// The <c>kid</c> of the key in the JWKS registered with the EHR. Default: the JWK's own <c>kid</c>, else the key's
    /// RFC 7638 thumbprint.
    /// </summary>
    public string? KeyId { get; set; }

    /// <summary>Signing algorithm: <c>RS384</c> (RSA key, default) or <c>ES384</c> (EC P-384 key), the two SMART requires servers to support.</summary>
    public string Algorithm { get; set; } = Rs384;

    /// <summary>Scopes requested, space-separated. Default <c>system/*.read system/*.write</c> (Intake reads, Write-back writes).</summary>
    public string Scope { get; set; } = "system/*.read system/*.write";

    /// <summary>
    /// The token endpoint. Default: discovered from <c>{BaseUrl}/.well-known/smart-configuration</c> (<c>token_endpoint</c>).
    /// </summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>How long a client assertion is valid (its <c>exp</c>); SMART allows at most 5 minutes. Default 5 minutes.</summary>
    public TimeSpan AssertionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A cached token is replaced this long before it expires (default 30 s; at most half the token's lifetime), so no
    /// request leaves with a token about to lapse.
    /// </summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(30);
}
