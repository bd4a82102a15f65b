using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Documents;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Review;

/// <summary>The Orchestrator host over HTTP: its own in-memory bus and saga, a fresh SQLite file.</summary>
public sealed partial class ReviewApiTests : IAsyncLifetime
{
    // The API writes enums by name, as every HealthMesh JSON API does.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string directory = Path.Combine(Path.GetTempPath(), "hm-api-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> factory = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("HealthMesh:Transport:Kind", "InMemory");
            web.UseSetting("HealthMesh:Database:Provider", "Sqlite");
            web.UseSetting("HealthMesh:Database:ConnectionString", $"Data Source={Path.Combine(directory, "api.db")}");
            web.UseSetting("HealthMesh:Documents:ActiveKeyId", "api");
            web.UseSetting("HealthMesh:Documents:EncryptionKeys:api", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Review_api_lists_shows_refuses_stale_and_accepts_current_approval()
    {
        using var client = factory.CreateClient();
        var id = await ToAwaitingReviewAsync();

        var queue = await client.GetFromJsonAsync<List<ReviewQueueEntry>>("/api/reviews", Json);
        Assert.Contains(queue!, e => e.WorkflowId == id && e.Revision == 1);

        var details = await client.GetFromJsonAsync<ReviewDetails>($"/api/reviews/{id}", Json);
        Assert.Equal("Acute bronchitis.", details!.Draft!.Sections[1].Sentences[0].Text);

        var stale = await client.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest("Practitioner/p1", 2));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("revision 1, not 2", problem!.Detail);

        var badReviewer = await client.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest("someone", 1));
        Assert.Equal(HttpStatusCode.BadRequest, badReviewer.StatusCode);

        var accepted = await client.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest("Practitioner/p1", 1));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(ReviewDecision.Approved, (await accepted.Content.ReadFromJsonAsync<ClinicalNoteReviewed>(Json))!.Decision);
        await InState(id, "WritingBack");

        var again = await client.PostAsJsonAsync($"/api/reviews/{id}/reject", new RejectReviewRequest("Practitioner/p2", "late", 1));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var unknown = await client.GetAsync($"/api/reviews/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Review_page_shows_the_queue_and_the_draft_and_its_form_rejects()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var id = await ToAwaitingReviewAsync();

        var queue = await client.GetStringAsync("/review");
        Assert.Contains($"/review/{id}", queue);

        var page = await client.GetStringAsync($"/review/{id}");
        Assert.Contains("Acute bronchitis.", page);
        Assert.Contains("J20.9", page);
        var token = TokenField().Match(page);
        Assert.True(token.Success, "The draft page carries an antiforgery token.");

        var forged = await client.PostAsync($"/review/{id}/reject", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["reviewer"] = "Practitioner/p1", ["reason"] = "x", ["expectedRevision"] = "1",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var posted = await client.PostAsync($"/review/{id}/reject", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["reviewer"] = "Practitioner/p1",
            ["reason"] = "Describes a different visit",
            ["expectedRevision"] = "1",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await InState(id, "Rejected");
    }

    private async Task<Guid> ToAwaitingReviewAsync()
    {
        var bus = factory.Services.GetRequiredService<IBus>();
        var received = WorkflowHarness.Event("enc-" + Guid.NewGuid().ToString("N"));
        var id = received.WorkflowId;
        await bus.Publish(received);
        await InState(id, "Deidentifying");
        await bus.Publish(new ClinicalContextDeidentified(id, $"hm-doc:{id:N}/context-deid", 2));
        await InState(id, "Drafting");
        var documents = factory.Services.GetRequiredService<IClinicalDocumentStore>();
        var draft = await documents.PutJsonAsync(id, "draft-r1", WorkflowHarness.Note(id, 1), DocumentSensitivity.Deidentified);
        await bus.Publish(new ClinicalNoteDrafted(id, draft, 1, ReviewPriority.Routine, "rules", "1.0.0"));
        await InState(id, "AwaitingReview");
        return id;
    }

    private async Task InState(Guid id, string state)
    {
        var queries = factory.Services.GetRequiredService<IClinicalNoteWorkflowQueries>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while ((await queries.GetAsync(id))?.CurrentState != state)
        {
            Assert.True(DateTime.UtcNow < until, $"Workflow {id} did not reach {state}.");
            await Task.Delay(25);
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex TokenField();
}
