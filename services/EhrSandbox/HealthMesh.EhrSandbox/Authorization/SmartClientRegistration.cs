namespace HealthMesh.EhrSandbox.Authorization;

/// <summary>A backend client registered with the sandbox: its public keys and the scopes it may be granted.</summary>
public sealed class SmartClientRegistration
{
    /// <summary>The client's public JWK Set (JSON, <c>{"keys":[...]}</c>); assertions must be signed by one of its keys, chosen by <c>kid</c>.</summary>
    public string Jwks { get; set; } = string.Empty;

    /// <summary>Scopes the client may request, space-separated (SMART v1 <c>system/*.read</c> or v2 <c>system/Encounter.rs</c>). Default <c>system/*.read</c>.</summary>
    public string Scope { get; set; } = "system/*.read";
}
