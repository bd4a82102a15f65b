using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Documents;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Support;

/// <summary>The Orchestrator host over HTTP: its own in-memory bus and saga, a fresh SQLite file.</summary>
public sealed class OrchestratorApiHost : IAsyncDisposable
{
    /// <summary>The APIs write enums by name, as every HealthMesh JSON API does.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string directory;

    private OrchestratorApiHost(string directory, WebApplicationFactory<Program> factory)
    {
        this.directory = directory;
        Factory = factory;
    }

    public WebApplicationFactory<Program> Factory { get; }

    /// <param name="configure">More settings or services (log capture, say) on top of the defaults.</param>
    public static Task<OrchestratorApiHost> StartAsync(Action<IWebHostBuilder>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hm-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("HealthMesh:Transport:Kind", "InMemory");
            web.UseSetting("HealthMesh:Database:Provider", "Sqlite");
            web.UseSetting("HealthMesh:Database:ConnectionString", $"Data Source={Path.Combine(directory, "api.db")}");
            web.UseSetting("HealthMesh:Documents:ActiveKeyId", "api");
            web.UseSetting("HealthMesh:Documents:EncryptionKeys:api", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            configure?.Invoke(web);
        });
        return Task.FromResult(new OrchestratorApiHost(directory, factory));
    }

    /// <summary>Runs a new workflow to AwaitingReview with a stored revision-1 draft.</summary>
    public async Task<Guid> ToAwaitingReviewAsync()
    {
        var id = await ToDeidentifyingAsync();
        var bus = Factory.Services.GetRequiredService<IBus>();
        await bus.Publish(new ClinicalContextDeidentified(id, $"hm-doc:{id:N}/context-deid", 2));
        await InState(id, "Drafting");
        var documents = Factory.Services.GetRequiredService<IClinicalDocumentStore>();
        var draft = await documents.PutJsonAsync(id, "draft-r1", WorkflowHarness.Note(id, 1), DocumentSensitivity.Deidentified);
        await bus.Publish(new ClinicalNoteDrafted(id, draft, 1, ReviewPriority.Routine, "rules", "1.0.0"));
        await InState(id, "AwaitingReview");
        return id;
    }

    public async Task<Guid> ToDeidentifyingAsync()
    {
        var received = WorkflowHarness.Event("enc-" + Guid.NewGuid().ToString("N"));
        await Factory.Services.GetRequiredService<IBus>().Publish(received);
        await InState(received.WorkflowId, "Deidentifying");
        return received.WorkflowId;
    }

    public async Task InState(Guid id, string state)
    {
        var queries = Factory.Services.GetRequiredService<IClinicalNoteWorkflowQueries>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while ((await queries.GetAsync(id))?.CurrentState != state)
        {
            Assert.True(DateTime.UtcNow < until, $"Workflow {id} did not reach {state}.");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
