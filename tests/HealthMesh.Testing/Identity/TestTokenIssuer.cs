using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Testing.Identity;

/// <summary>
/// A minimal OpenID Connect issuer on a loopback port: discovery document and JWKS (one RS256 key), and access tokens
/// signed with it. Hosts under test point <c>HealthMesh:Review:Authentication:Authority</c> here, so token validation
/// runs exactly as against a real identity provider (metadata, key download, issuer, audience, lifetime, signature).
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string Audience = "healthmesh-review";

    private readonly WebApplication app;
    private readonly RSA key = RSA.Create(2048);
    private readonly string keyId = Guid.NewGuid().ToString("N");

    private TestTokenIssuer(WebApplication app, Uri authority)
    {
        this.app = app;
        Authority = authority;
    }

    public Uri Authority { get; }

    /// <summary>The settings a host needs to trust this issuer (OpenID Connect mode, plain HTTP metadata allowed).</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["HealthMesh:Review:Authentication:Mode"] = "Oidc",
        ["HealthMesh:Review:Authentication:Authority"] = Authority.ToString(),
        ["HealthMesh:Review:Authentication:Audience"] = Audience,
        ["HealthMesh:Review:Authentication:RequireHttpsMetadata"] = "false",
    };

    public static async Task<TestTokenIssuer> StartAsync()
    {
        var port = ServiceProcess.FreeLoopbackPort();
        var authority = new Uri($"http://127.0.0.1:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(authority.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var issuer = new TestTokenIssuer(app, authority);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Issuer,
            ["jwks_uri"] = $"{issuer.Issuer}/jwks",
            ["authorization_endpoint"] = $"{issuer.Issuer}/authorize",
            ["token_endpoint"] = $"{issuer.Issuer}/token",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var parameters = issuer.key.ExportParameters(includePrivateParameters: false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = issuer.keyId, n = Base64Url(parameters.Modulus!), e = Base64Url(parameters.Exponent!) } } });
        });
        await app.StartAsync();
        return issuer;
    }

    /// <summary>The issuer (<c>iss</c>) exactly as discovery names it: the authority without a trailing slash.</summary>
    public string Issuer => Authority.ToString().TrimEnd('/');

    /// <summary>An RS256 access token for this issuer; <paramref name="extraClaims"/> may override any default claim.</summary>
    public string CreateToken(string subject, IEnumerable<string> roles, string? fhirUser = null, string audience = Audience, TimeSpan? lifetime = null, IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["name"] = $"Test {subject}",
            ["roles"] = roles.ToArray(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromMinutes(10)).ToUnixTimeSeconds(),
        };
        if (fhirUser is not null)
        {
            claims["fhirUser"] = fhirUser;
        }

        foreach (var (name, value) in extraClaims ?? new Dictionary<string, object>())
        {
            claims[name] = value;
        }

        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "at+jwt", kid = keyId }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        key.Dispose();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
