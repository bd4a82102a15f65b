using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using HealthMesh.ServiceDefaults.Ehr;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HealthMesh.EhrSandbox.FunctionalTests.Authorization;

/// <summary>The sandbox's token endpoint refuses every assertion SMART Backend Services says it must.</summary>
public sealed class SmartTokenEndpointTests
{
    private const string TokenEndpoint = "http://localhost/fhir/auth/token";
    private static readonly SmartKeyPair Key = SmartKeyPair.Generate(keyId: "registered");

    [Fact]
    public async System.Threading.Tasks.Task A_well_formed_assertion_gets_a_short_lived_bearer_token()
    {
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(Key));

        var (status, body) = await RequestTokenAsync(sandbox, Assertion());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(300, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("system/*.read", body.GetProperty("scope").GetString());
        using var read = await sandbox.SendAsync(HttpMethod.Get, "/fhir/Patient", null, ("Authorization", $"Bearer {body.GetProperty("access_token").GetString()}"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    public static TheoryData<string, string> BadAssertions => new()
    {
        { "wrong-audience", "aud is not this token endpoint" },
        { "expired", "has expired" },
        { "exp-too-far", "more than five minutes in the future" },
        { "no-jti", "has no jti" },
        { "unknown-kid", "kid 'other' is not in the client's registered JWKS" },
        { "other-key", "signature does not verify" },
        { "unregistered-client", "iss is not a registered client" },
        { "sub-not-iss", "sub must equal its iss" },
        { "rs256", "must be signed with RS384 or ES384" },
        { "not-a-jwt", "is not a JWT" },
    };

    [Theory]
    [MemberData(nameof(BadAssertions))]
    public async System.Threading.Tasks.Task A_bad_assertion_is_refused_as_invalid_client_with_the_reason(string kind, string reason)
    {
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(Key));
        var now = DateTimeOffset.UtcNow;
        var assertion = kind switch
        {
            "wrong-audience" => Assertion(audience: "http://localhost/fhir/other/token"),
            "expired" => Assertion(expires: now.AddMinutes(-2)),
            "exp-too-far" => Assertion(expires: now.AddMinutes(30)),
            "no-jti" => Assertion(jti: null),
            "unknown-kid" => Assertion(key: SmartKeyPair.Generate(keyId: "other")),
            "other-key" => Assertion(key: SmartKeyPair.Generate(keyId: "registered")),
            "unregistered-client" => Assertion(issuer: "stranger"),
            "sub-not-iss" => Assertion(subject: "someone-else"),
            "rs256" => Assertion(algorithm: SecurityAlgorithms.RsaSha256),
            _ => "not-a-jwt",
        };

        var (status, body) = await RequestTokenAsync(sandbox, assertion);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Contains(reason, body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_replayed_assertion_is_refused()
    {
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(Key));
        var assertion = Assertion();

        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(sandbox, assertion)).Status);
        var (status, body) = await RequestTokenAsync(sandbox, assertion);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("jti was already used", body.GetProperty("error_description").GetString());
    }

    [Theory]
    [InlineData("system/*.write", "invalid_scope")]
    [InlineData("patient/*.read", "invalid_scope")]
    [InlineData("", "invalid_scope")]
    public async System.Threading.Tasks.Task A_scope_beyond_the_registration_is_refused(string scope, string error)
    {
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(Key, scope: "system/*.read"));

        var (status, body) = await RequestTokenAsync(sandbox, Assertion(), scope);

        Assert.Equal((HttpStatusCode.BadRequest, error), (status, body.GetProperty("error").GetString()));
    }

    [Fact]
    public async System.Threading.Tasks.Task Other_grant_types_and_assertion_types_are_refused()
    {
        using var sandbox = new EhrSandboxFactory(SmartClient.SandboxSettings(Key));

        var (grantStatus, grant) = await RequestTokenAsync(sandbox, Assertion(), grantType: "password");
        var (typeStatus, type) = await RequestTokenAsync(sandbox, Assertion(), assertionType: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");

        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), (grantStatus, grant.GetProperty("error").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (typeStatus, type.GetProperty("error").GetString()));
    }

    private static string Assertion(
        SmartKeyPair? key = null,
        string issuer = SmartClient.ClientId,
        string? subject = null,
        string audience = TokenEndpoint,
        DateTimeOffset? expires = null,
        string? jti = "fresh",
        string algorithm = SecurityAlgorithms.RsaSha384)
    {
        key ??= Key;
        var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKeyPem);
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject ?? issuer) };
        if (jti is not null)
        {
            claims.Add(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Expires = (expires ?? DateTimeOffset.UtcNow.AddMinutes(4)).UtcDateTime,
            TokenType = "JWT",
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = key.KeyId }, algorithm),
        });
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RequestTokenAsync(
        EhrSandboxFactory sandbox,
        string assertion,
        string scope = "system/*.read",
        string grantType = "client_credentials",
        string assertionType = KnownSmart.JwtBearerAssertionType)
    {
        using var response = await sandbox.CreateClient().PostAsync("/fhir/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["scope"] = scope,
            ["client_assertion_type"] = assertionType,
            ["client_assertion"] = assertion,
        }));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
