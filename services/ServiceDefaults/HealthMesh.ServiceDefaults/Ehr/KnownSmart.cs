namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>SMART Backend Services / OAuth 2.0 names (RFC 6749, RFC 7523, SMART App Launch 2.x).</summary>
public static class KnownSmart
{
    public const string ConfigurationPath = ".well-known/smart-configuration";
    public const string ClientCredentials = "client_credentials";
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public const string GrantType = "grant_type";
    public const string Scope = "scope";
    public const string ClientAssertionType = "client_assertion_type";
    public const string ClientAssertion = "client_assertion";
    public const string TokenEndpoint = "token_endpoint";
    public const string AccessToken = "access_token";
    public const string ExpiresIn = "expires_in";
    public const string Error = "error";
    public const string ErrorDescription = "error_description";
}
