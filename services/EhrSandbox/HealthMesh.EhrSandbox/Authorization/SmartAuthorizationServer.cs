using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HealthMesh.EhrSandbox.Authorization;

/// <summary>
/// The sandbox's SMART Backend Services token endpoint (client credentials with a <c>private_key_jwt</c> assertion, RFC 7523)
/// and the bearer-token check of its FHIR API. Verifies the assertion's signature against the registered client's JWKS
/// (by <c>kid</c>), <c>iss</c> = <c>sub</c> = client id, <c>aud</c> = this token endpoint, <c>exp</c> at most five
/// minutes ahead, a <c>jti</c> not seen before, and the requested scopes against those registered. Tokens live in memory.
/// </summary>
public sealed partial class SmartAuthorizationServer(IOptions<SmartServerOptions> options, TimeProvider clock, ILogger<SmartAuthorizationServer> logger)
{
    public const string TokenPath = "/auth/token";
    public static readonly string[] SigningAlgorithms = [SecurityAlgorithms.RsaSha384, SecurityAlgorithms.EcdsaSha384];

    private static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler jwt = new();
    private readonly ConcurrentDictionary<string, IssuedToken> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> usedAssertionIds = new(StringComparer.Ordinal);
    private int issued;

    public bool RequireAuthorization => options.Value.RequireAuthorization;

    public bool AllowAnonymousRead => options.Value.AllowAnonymousRead;

    /// <summary>Access tokens issued since start (tests count token requests with it).</summary>
    public int TokensIssued => Volatile.Read(ref issued);

    /// <summary>The <c>/.well-known/smart-configuration</c> document for the FHIR base <paramref name="baseUrl"/>.</summary>
    public static Dictionary<string, object> Configuration(string baseUrl) => new()
    {
        ["issuer"] = baseUrl,
        ["token_endpoint"] = baseUrl + TokenPath,
        ["grant_types_supported"] = new[] { "client_credentials" },
        ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        ["token_endpoint_auth_signing_alg_values_supported"] = SigningAlgorithms,
        ["scopes_supported"] = new[] { "system/*.read", "system/*.write", "system/*.*", "system/*.cruds" },
        ["capabilities"] = new[] { "client-confidential-asymmetric", "permission-v1", "permission-v2" },
    };

    public async Task<TokenResponse> IssueAsync(IReadOnlyDictionary<string, string> form, string tokenEndpoint)
    {
        if (form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            return TokenResponse.Error("unsupported_grant_type", "grant_type must be client_credentials.");
        }

        if (form.GetValueOrDefault("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        {
            return TokenResponse.Error("invalid_request", "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.");
        }

        if (form.GetValueOrDefault("client_assertion") is not { Length: > 0 } assertion)
        {
            return TokenResponse.Error("invalid_request", "client_assertion is missing.");
        }

        JsonWebToken unverified;
        try
        {
            unverified = new JsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return InvalidClient(null, "client_assertion is not a JWT.");
        }

        var clientId = unverified.Issuer;
        if (string.IsNullOrEmpty(clientId) || !options.Value.Clients.TryGetValue(clientId, out var client))
        {
            return InvalidClient(clientId, "the assertion's iss is not a registered client.");
        }

        if (unverified.Subject != clientId)
        {
            return InvalidClient(clientId, "the assertion's sub must equal its iss (the client id).");
        }

        if (!SigningAlgorithms.Contains(unverified.Alg))
        {
            return InvalidClient(clientId, $"the assertion must be signed with {string.Join(" or ", SigningAlgorithms)}, not '{unverified.Alg}'.");
        }

        var keys = new JsonWebKeySet(client.Jwks).GetSigningKeys();
        if (string.IsNullOrEmpty(unverified.Kid) || keys.All(k => k.KeyId != unverified.Kid))
        {
            return InvalidClient(clientId, $"the assertion's kid '{unverified.Kid}' is not in the client's registered JWKS.");
        }

        var validation = await jwt.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = clientId,
            ValidAudience = tokenEndpoint,
            IssuerSigningKeys = keys,
            ValidAlgorithms = SigningAlgorithms,
            ValidTypes = ["JWT"],
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // Checked below against the sandbox's clock, with the five-minute ceiling SMART sets.
            ValidateLifetime = false,
        });
        if (!validation.IsValid)
        {
            return InvalidClient(clientId, Reason(validation.Exception));
        }

        var now = clock.GetUtcNow();
        var expires = new DateTimeOffset(unverified.ValidTo, TimeSpan.Zero);
        if (expires + ClockSkew < now)
        {
            return InvalidClient(clientId, "the assertion has expired (exp).");
        }

        if (expires - now > MaxAssertionLifetime + ClockSkew)
        {
            return InvalidClient(clientId, "the assertion's exp is more than five minutes in the future.");
        }

        if (string.IsNullOrEmpty(unverified.Id))
        {
            return InvalidClient(clientId, "the assertion has no jti.");
        }

        foreach (var (used, until) in usedAssertionIds)
        {
            if (until + ClockSkew < now)
            {
                usedAssertionIds.TryRemove(used, out _);
            }
        }

        if (!usedAssertionIds.TryAdd($"{clientId}\n{unverified.Id}", expires))
        {
            return InvalidClient(clientId, "the assertion's jti was already used (replay).");
        }

        if (!SmartScopes.TryParse(form.GetValueOrDefault("scope"), out var requested, out var scopeError))
        {
            return TokenResponse.Error("invalid_scope", scopeError!);
        }

        SmartScopes.TryParse(client.Scope, out var allowed, out _);
        if (requested.FirstOrDefault(r => !allowed.Any(a => a.Covers(r))) is { } refused)
        {
            return TokenResponse.Error("invalid_scope", $"client '{clientId}' is not registered for system/{refused.ResourceType}.{refused.Permissions}.");
        }

        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var lifetime = options.Value.TokenLifetime;
        tokens[token] = new IssuedToken(clientId, requested, now + lifetime);
        Interlocked.Increment(ref issued);
        LogIssued(clientId, (int)lifetime.TotalSeconds);
        return new TokenResponse(HttpStatusCode.OK, new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["token_type"] = "bearer",
            ["expires_in"] = (int)Math.Ceiling(lifetime.TotalSeconds),
            ["scope"] = form["scope"],
        });
    }

    /// <summary>Null when <paramref name="authorization"/> carries a live token whose scopes allow <paramref name="permission"/> on <paramref name="resourceType"/>; else why not.</summary>
    public (HttpStatusCode Status, string Reason)? Authorize(string? authorization, string resourceType, char permission)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (HttpStatusCode.Unauthorized, "A bearer access token is required (SMART Backend Services; see /.well-known/smart-configuration).");
        }

        var now = clock.GetUtcNow();
        if (!tokens.TryGetValue(authorization["Bearer ".Length..].Trim(), out var token) || token.ExpiresAt <= now)
        {
            foreach (var (value, expired) in tokens.Where(t => t.Value.ExpiresAt <= now))
            {
                tokens.TryRemove(value, out _);
            }

            return (HttpStatusCode.Unauthorized, "The access token is unknown or has expired.");
        }

        return token.Scopes.Any(s => s.Allows(resourceType, permission))
            ? null
            : (HttpStatusCode.Forbidden, $"The access token's scopes do not allow '{permission}' on {resourceType}.");
    }

    /// <summary>Signature, issuer, audience and type failures, without quoting the token.</summary>
    private static string Reason(Exception? e) => e switch
    {
        SecurityTokenInvalidAudienceException => "the assertion's aud is not this token endpoint.",
        SecurityTokenInvalidIssuerException => "the assertion's iss is not the client id.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "the assertion's signature does not verify with the client's registered key.",
        SecurityTokenInvalidAlgorithmException => $"the assertion must be signed with {string.Join(" or ", SigningAlgorithms)}.",
        SecurityTokenInvalidTypeException => "the assertion's typ header must be JWT.",
        SecurityTokenNoExpirationException => "the assertion has no exp.",
        _ => $"the assertion is not valid ({e?.GetType().Name ?? "unknown reason"}).",
    };

    private TokenResponse InvalidClient(string? clientId, string reason)
    {
        LogRefused(clientId ?? "(none)", reason);
        return TokenResponse.Error("invalid_client", reason, HttpStatusCode.Unauthorized);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Access token issued to {ClientId} for {Seconds} s")]
    private partial void LogIssued(string clientId, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token request from {ClientId} refused: {Reason}")]
    private partial void LogRefused(string clientId, string reason);
}
