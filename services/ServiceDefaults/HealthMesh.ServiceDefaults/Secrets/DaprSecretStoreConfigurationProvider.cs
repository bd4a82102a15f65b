using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace HealthMesh.ServiceDefaults.Secrets;

/// <summary>
/// Loads secrets once, at start-up, through the Dapr sidecar's HTTP secrets API (<c>GET /v1.0/secrets/{store}/{name}</c>,
/// or <c>/bulk</c>), after waiting for the sidecar (<c>GET /v1.0/healthz/outbound</c>): the keys of the listed secrets
/// as configuration keys, then each of <paramref name="bindings"/> (one key of a secret as one configuration key). A
/// secret that cannot be read stops start-up with the store, the secret and the sidecar's status: never a value.
/// </summary>
public sealed class DaprSecretStoreConfigurationProvider(
    DaprSecretsOptions options,
    IReadOnlyList<DaprSecretBinding> bindings,
    string? apiToken,
    HttpMessageHandler? handler) : ConfigurationProvider
{
    public const string ApiTokenHeader = "dapr-api-token";

    public override void Load()
    {
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = options.HttpEndpoint;
        http.Timeout = TimeSpan.FromSeconds(10);
        if (!string.IsNullOrEmpty(apiToken))
        {
            http.DefaultRequestHeaders.Add(ApiTokenHeader, apiToken);
        }

        WaitForSidecar(http);

        var store = Uri.EscapeDataString(options.SecretStore!);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (options.Secrets.Length == 0)
        {
            var bulk = Get<Dictionary<string, Dictionary<string, string>>>(http, $"v1.0/secrets/{store}/bulk", "(bulk)");
            foreach (var secret in bulk.Values)
            {
                Add(data, secret);
            }
        }
        else
        {
            foreach (var name in options.Secrets)
            {
                Add(data, Get<Dictionary<string, string>>(http, $"v1.0/secrets/{store}/{Uri.EscapeDataString(name)}", name));
            }
        }

        foreach (var binding in bindings)
        {
            var secret = Get<Dictionary<string, string>>(http, $"v1.0/secrets/{store}/{Uri.EscapeDataString(binding.Secret)}", binding.Secret);
            data[binding.ConfigurationKey] = secret.TryGetValue(binding.Key, out var value)
                ? value
                : throw new InvalidOperationException(
                    $"Secret '{binding.Secret}' of Dapr secret store '{options.SecretStore}' has no key '{binding.Key}' (named by {binding.Setting}); " +
                    $"its keys: {string.Join(", ", secret.Keys.Order(StringComparer.Ordinal))}.");
        }

        Data = data;
    }

    private static void Add(Dictionary<string, string?> data, Dictionary<string, string> secret)
    {
        foreach (var (key, value) in secret)
        {
            data[key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
        }
    }

    private void WaitForSidecar(HttpClient http)
    {
        var deadline = DateTime.UtcNow + options.SidecarTimeout;
        string last = "no answer";
        while (true)
        {
            try
            {
                using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, "v1.0/healthz/outbound"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "timed out";
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException(
                    $"The Dapr sidecar at {options.HttpEndpoint} was not ready within {options.SidecarTimeout} ({last}); secret store '{options.SecretStore}' could not be read.");
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(250));
        }
    }

    private T Get<T>(HttpClient http, string path, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = http.Send(request);
        using var body = response.Content.ReadAsStream();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(
                $"Secret '{secret}' of Dapr secret store '{options.SecretStore}' could not be read: HTTP {(int)response.StatusCode} {ErrorCode(body)}. "
                + "Check the secret exists and that the app's Dapr configuration allows it (secrets.scopes).");
        }

        return JsonSerializer.Deserialize<T>(body) ?? throw new InvalidOperationException($"Secret '{secret}' of Dapr secret store '{options.SecretStore}' is empty.");
    }

    /// <summary>Dapr's error body names a code (ERR_SECRET_GET, ERR_PERMISSION_DENIED…); only that is reported.</summary>
    private static string ErrorCode(Stream body)
    {
        try
        {
            using var error = JsonDocument.Parse(body);
            return error.RootElement.TryGetProperty("errorCode", out var code) ? code.GetString() ?? string.Empty : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}
