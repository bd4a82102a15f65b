using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthMesh.ServiceDefaults.UnitTests.Secrets;

/// <summary>
/// A local HTTP server speaking the Dapr sidecar's secrets API as documented for Dapr 1.x: <c>GET /v1.0/healthz/outbound</c>
/// (204 once ready), <c>GET /v1.0/secrets/{store}/{name}</c> (the secret's key/value map; 500 ERR_SECRET_GET when
/// missing; 403 ERR_PERMISSION_DENIED outside the app's allowed secrets), <c>GET /v1.0/secrets/{store}/bulk</c>
/// (secret name → key/value map), 401 without the configured <c>dapr-api-token</c>; 400 ERR_SECRET_STORE_NOT_FOUND.
/// </summary>
public sealed class DaprSidecarStandIn : IAsyncDisposable
{
    private readonly WebApplication app;

    private DaprSidecarStandIn(WebApplication app, string store)
    {
        this.app = app;
        Store = store;
    }

    public Uri HttpEndpoint { get; private set; } = null!;

    public string Store { get; }

    public ConcurrentDictionary<string, Dictionary<string, string>> Secrets { get; } = new();

    /// <summary>Secrets the app may read; null: all (Dapr's default without secret scopes).</summary>
    public HashSet<string>? AllowedSecrets { get; set; }

    public string? ApiToken { get; set; }

    /// <summary>How many readiness probes answer 500 before the sidecar is ready.</summary>
    public int NotReadyProbes { get; set; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<DaprSidecarStandIn> StartAsync(string store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sidecar = new DaprSidecarStandIn(app, store);
        sidecar.Map();
        await app.StartAsync();
        sidecar.HttpEndpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return sidecar;
    }

    private void Map()
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (ApiToken is not null && context.Request.Headers["dapr-api-token"] != ApiToken)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { errorCode = "ERR_UNAUTHORIZED", message = "authentication failed" });
                return;
            }

            await next(context);
        });
        app.MapGet("/v1.0/healthz/outbound", () => NotReadyProbes-- > 0 ? Results.StatusCode(500) : Results.NoContent());
        app.MapGet("/v1.0/secrets/{store}/bulk", (string store) => store != Store
            ? Error(400, "ERR_SECRET_STORE_NOT_FOUND", $"secret store {store} not found")
            : Results.Json(Secrets.Where(s => AllowedSecrets?.Contains(s.Key) ?? true).ToDictionary()));
        app.MapGet("/v1.0/secrets/{store}/{name}", (string store, string name) =>
            store != Store ? Error(400, "ERR_SECRET_STORE_NOT_FOUND", $"secret store {store} not found")
            : AllowedSecrets is { } allowed && !allowed.Contains(name) ? Error(403, "ERR_PERMISSION_DENIED", $"access denied by policy to get {name}")
            : Secrets.TryGetValue(name, out var secret) ? Results.Json(secret)
            : Error(500, "ERR_SECRET_GET", $"failed getting secret with key {name}"));
    }

    private static IResult Error(int status, string code, string message) => Results.Json(new { errorCode = code, message }, statusCode: status);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
