using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthMesh.AllInOne.OperatorApi;

/// <summary>
/// The operator commands (replay, status, failed) talk to the operator API of a running HealthMesh — the embedded
/// <c>healthmesh serve</c> or the distributed Orchestrator — rather than opening its database: the running services
/// own the broker connection and the keys, and a replay must go through the same bus the services listen on.
/// </summary>
/// <param name="credential">Sent with every request; null calls without one (Intake's subscription view).</param>
public sealed class OperatorApiClient(Uri baseAddress, OperatorCredential? credential = null) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };

    public Uri BaseAddress => baseAddress;

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) }, cancellationToken);

    public void Dispose() => http.Dispose();

    /// <exception cref="OperatorApiException">HealthMesh is not reachable, or answered with an error.</exception>
    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            if (credential is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Bearer);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new OperatorApiException($"HealthMesh is not reachable at {baseAddress} ({ex.Message}). Is 'healthmesh serve' (or the Orchestrator) running? Point --url at it.");
            }

            using (response)
            {
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new OperatorApiException(Refused(request, response.StatusCode));
                }

                if (!response.IsSuccessStatusCode)
                {
                    var detail = await ReadProblemAsync(response, cancellationToken);
                    throw new OperatorApiException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
                }

                return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                    ?? throw new OperatorApiException($"{request.Method} {request.RequestUri} answered with an empty body.");
            }
        }
    }

    private string Refused(HttpRequestMessage request, HttpStatusCode status)
    {
        var what = $"{request.Method} {request.RequestUri} answered {(int)status} {status}";
        const string howTo =
            $"For 'healthmesh serve', pass --data-dir <its data directory> (the local operator key is in secrets.json there; default .data); " +
            $"for an Orchestrator behind OpenID Connect, pass --token <access token with the operator role> or set {OperatorOptions.TokenVariable}.";
        return (status, credential) switch
        {
            (HttpStatusCode.Forbidden, not null) => $"{what}: {credential.Source} was accepted but does not carry the operator role. {howTo}",
            (_, null) => $"{what}: the operator API needs a credential and none was found. {howTo}",
            _ => $"{what}: {credential.Source} was refused (expired, for another audience, or another data directory's key). {howTo}",
        };
    }

    private static async Task<string> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length > 500 ? body[..500] : body;
        }
    }
}
