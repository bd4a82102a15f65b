using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.Testing.Identity;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Support;

/// <summary>
/// The Orchestrator host over HTTP: its own in-memory bus and saga, a fresh SQLite file, and reviewers authenticated
/// by bearer tokens of a loopback OpenID Connect issuer.
/// </summary>
public sealed class OrchestratorApiHost : IAsyncDisposable
{
    /// <summary>The APIs write enums by name, as every HealthMesh JSON API does.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public const string Reviewer = "Practitioner/p1";

    private readonly string directory;

    private OrchestratorApiHost(string directory, WebApplicationFactory<Program> factory, TestTokenIssuer issuer)
    {
        this.directory = directory;
        Factory = factory;
        Issuer = issuer;
    }

    public WebApplicationFactory<Program> Factory { get; }

    public TestTokenIssuer Issuer { get; }

    /// <param name="settings">Settings on top of the defaults.</param>
    /// <param name="configure">More services (log capture, say) on top of the defaults.</param>
    public static async Task<OrchestratorApiHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IWebHostBuilder>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hm-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var issuer = await TestTokenIssuer.StartAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in issuer.HostSettings.Concat(settings ?? new Dictionary<string, string?>()))
            {
                web.UseSetting(key, value);
            }

            web.UseSetting("HealthMesh:Transport:Kind", "InMemory");
            web.UseSetting("HealthMesh:Database:Provider", "Sqlite");
            web.UseSetting("HealthMesh:Database:ConnectionString", $"Data Source={Path.Combine(directory, "api.db")}");
            web.UseSetting("HealthMesh:Documents:ActiveKeyId", "api");
            web.UseSetting("HealthMesh:Documents:EncryptionKeys:api", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            configure?.Invoke(web);
        });
        return new OrchestratorApiHost(directory, factory, issuer);
    }

    /// <summary>A client holding a bearer token with <paramref name="roles"/> (default reviewer and operator) as <see cref="Reviewer"/>.</summary>
    public HttpClient CreateClient(string[]? roles = null, string? fhirUser = Reviewer, string subject = "user-1", bool followRedirects = true)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Issuer.CreateToken(subject, roles ?? [KnownReviewerRoles.Reviewer, KnownReviewerRoles.Operator], fhirUser));
        return client;
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

    /// <summary>
    /// Answers the consent check an approval (or a write-back retry) asks for, as Intake would with no Consent on
    /// record, and waits until the workflow is writing back: Intake is not part of this host.
    /// </summary>
    public async Task ConsentConfirmedAsync(Guid id)
    {
        await InState(id, "ConfirmingConsent");
        await Factory.Services.GetRequiredService<IBus>().Publish(new PatientConsentChecked(id, true, "No Consent in force is about AI-assisted documentation (0 read); the policy's default is permit.", DateTimeOffset.UtcNow));
        await InState(id, "WritingBack");
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
        await Issuer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
