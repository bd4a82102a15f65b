using System.Net;
using HealthMesh.EhrSandbox;
using HealthMesh.EhrSandbox.Interactions;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Intake.FunctionalTests.Fixtures;

/// <summary>
/// HealthMesh's EHR sandbox on a real loopback port and its own SQLite file: a FHIR server with Backport IG event numbers
/// and <c>$events</c>, for recovery tests that the fake EHR (no <c>$events</c>) cannot cover.
/// </summary>
public sealed class SandboxEhr : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory;
    private readonly HttpClient http = new();

    private SandboxEhr(WebApplication app, string directory)
    {
        this.app = app;
        this.directory = directory;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<SandboxEhr> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("healthmesh-intake-sandbox-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:EhrSandbox:ConnectionString"] = $"Data Source={Path.Combine(directory, "sandbox.db")}",
            // The tests hand notifications to Intake themselves; the sandbox's own deliveries would go nowhere.
            ["HealthMesh:EhrSandbox:DeliveryPollInterval"] = "00:05:00",
        });
        builder.AddEhrSandbox();
        var app = builder.Build();
        app.MapEhrSandboxApi("/fhir");
        await app.StartAsync();
        var sandbox = new SandboxEhr(app, directory);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sandbox.BaseUrl = new Uri($"{address.TrimEnd('/')}/fhir");
        return sandbox;
    }

    /// <summary>Creates or updates <paramref name="resource"/> under its id; returns the stored version.</summary>
    public async Task<T> PutAsync<T>(T resource) where T : Resource
    {
        using var content = new StringContent(FhirJson.Serialize(resource), System.Text.Encoding.UTF8, "application/fhir+json");
        using var response = await http.PutAsync($"{BaseUrl}/{resource.TypeName}/{resource.Id}", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, body);
        return FhirJson.Parse<T>(body);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
