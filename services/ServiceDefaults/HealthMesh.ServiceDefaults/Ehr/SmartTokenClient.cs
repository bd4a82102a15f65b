using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>
/// Obtains SMART Backend Services access tokens (client credentials, <c>private_key_jwt</c>) and caches the current one
/// until shortly before it expires. Concurrent callers share one refresh. Tokens and assertions are never logged.
/// </summary>
public sealed partial class SmartTokenClient(
    IHttpClientFactory httpClients,
    IOptions<EhrOptions> options,
    TimeProvider clock,
    ILogger<SmartTokenClient> logger) : IDisposable
{
    /// <summary>Discovery and token requests; not the "ehr" client, whose handler needs a token to send anything.</summary>
    public const string HttpClientName = "ehr-smart-token";

    private readonly SemaphoreSlim refresh = new(1, 1);
    private readonly JsonWebTokenHandler jwt = new() { SetDefaultTimesOnTokenCreation = false };
    private CachedToken? current;
    private Uri? tokenEndpoint;
    private SigningCredentials? credentials;

    /// <summary>A valid access token: the cached one, or a new one when none is cached or it is about to expire.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref current) is { } cached && cached.RefreshAt > clock.GetUtcNow())
        {
            return cached.Value;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (Volatile.Read(ref current) is { } refreshed && refreshed.RefreshAt > clock.GetUtcNow())
            {
                return refreshed.Value;
            }

            var token = await RequestTokenAsync(cancellationToken);
            Volatile.Write(ref current, token);
            return token.Value;
        }
        finally
        {
            refresh.Release();
        }
    }

    /// <summary>The EHR refused <paramref name="token"/> (401): drop it unless a newer one already replaced it.</summary>
    public void Invalidate(string token)
    {
        if (Volatile.Read(ref current) is { } cached && cached.Value == token)
        {
            Interlocked.CompareExchange(ref current, null, cached);
        }
    }

    public void Dispose() => refresh.Dispose();

    private async Task<CachedToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var smart = options.Value.Smart;
        var endpoint = tokenEndpoint ??= smart.TokenEndpoint ?? await DiscoverTokenEndpointAsync(cancellationToken);
        credentials ??= SmartSigningKey.TryCreate(smart, out var keyError)
            ?? throw new SmartAuthenticationException(keyError!);

        var now = clock.GetUtcNow();
        var assertion = jwt.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = smart.ClientId,
            Audience = endpoint.AbsoluteUri,
            Expires = (now + smart.AssertionLifetime).UtcDateTime,
            IssuedAt = now.UtcDateTime,
            TokenType = "JWT",
            SigningCredentials = credentials,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, smart.ClientId!),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
        });

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [KnownSmart.GrantType] = KnownSmart.ClientCredentials,
            [KnownSmart.Scope] = smart.Scope,
            [KnownSmart.ClientAssertionType] = KnownSmart.JwtBearerAssertionType,
            [KnownSmart.ClientAssertion] = assertion,
        });

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).PostAsync(endpoint, form, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SmartAuthenticationException($"The EHR's token endpoint {endpoint} could not be reached: {e.Message}", e);
        }

        using (response)
        {
            var body = await ReadJsonAsync(response, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var error = Text(body, KnownSmart.Error) ?? "no OAuth error given";
                var description = Text(body, KnownSmart.ErrorDescription);
                LogRefused(smart.ClientId!, (int)response.StatusCode, error);
                throw new SmartAuthenticationException(
                    $"The EHR's token endpoint {endpoint} refused client '{smart.ClientId}' ({(int)response.StatusCode} {error}{(description is null ? "" : $": {description}")}). "
                    + $"Check that the EHR registered this client with the public key of {EhrOptions.SectionName}:Smart:PrivateKey (kid '{credentials.Key.KeyId}') and allows scope '{smart.Scope}'.");
            }

            var accessToken = Text(body, KnownSmart.AccessToken)
                ?? throw new SmartAuthenticationException($"The EHR's token endpoint {endpoint} answered {(int)response.StatusCode} without an access_token.");
            var lifetime = body is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(KnownSmart.ExpiresIn, out var expires) && expires.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromMinutes(5);
            var margin = smart.RefreshBeforeExpiry < lifetime / 2 ? smart.RefreshBeforeExpiry : lifetime / 2;
            LogObtained(smart.ClientId!, (int)lifetime.TotalSeconds);
            return new CachedToken(accessToken, now + lifetime - margin);
        }
    }

    private async Task<Uri> DiscoverTokenEndpointAsync(CancellationToken cancellationToken)
    {
        var discovery = new Uri($"{options.Value.BaseUrl!.AbsoluteUri.TrimEnd('/')}/{KnownSmart.ConfigurationPath}");
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(discovery, cancellationToken);
            var body = await ReadJsonAsync(response, cancellationToken);
            if (!response.IsSuccessStatusCode || Text(body, KnownSmart.TokenEndpoint) is not { } endpoint || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            {
                throw new SmartAuthenticationException(
                    $"SMART discovery at {discovery} answered {(int)response.StatusCode} without a token_endpoint; set {EhrOptions.SectionName}:Smart:TokenEndpoint.");
            }

            return uri;
        }
        catch (HttpRequestException e)
        {
            throw new SmartAuthenticationException($"SMART discovery at {discovery} failed: {e.Message}", e);
        }
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? body, string name) =>
        body is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "SMART access token obtained for client {ClientId}, valid {Seconds} s")]
    private partial void LogObtained(string clientId, int seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The EHR's token endpoint refused client {ClientId}: {StatusCode} {Error}")]
    private partial void LogRefused(string clientId, int statusCode, string error);

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);
}
