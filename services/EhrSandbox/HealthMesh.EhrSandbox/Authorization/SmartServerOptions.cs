namespace HealthMesh.EhrSandbox.Authorization;

/// <summary>
/// The sandbox's SMART Backend Services authorization server. Section <c>HealthMesh:EhrSandbox:Smart</c>.
/// Off by default: the FHIR API is open, as most vendor sandboxes are; on, every FHIR request needs a bearer token.
/// </summary>
public sealed class SmartServerOptions
{
    public const string SectionName = "HealthMesh:EhrSandbox:Smart";

    /// <summary>Require a valid access token (with a scope covering the interaction) on every FHIR request but <c>/metadata</c>. Default <c>false</c>.</summary>
    public bool RequireAuthorization { get; set; }

    /// <summary>
    /// With authorization required, still let a request that carries no token read and search (a token that is sent is
    /// always checked, and writes always need one). For the embedded demo, whose README links open the sandbox in a
    /// browser. Default <c>false</c>.
    /// </summary>
    public bool AllowAnonymousRead { get; set; }

    /// <summary>Lifetime of an issued access token (default 5 minutes, as short-lived as SMART recommends).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Registered backend clients, keyed by client id.</summary>
    public Dictionary<string, SmartClientRegistration> Clients { get; set; } = [];
}
