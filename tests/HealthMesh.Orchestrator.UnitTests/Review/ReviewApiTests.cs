using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.UnitTests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HealthMesh.Orchestrator.UnitTests.Review;

/// <summary>The review API and page over HTTP, on the Orchestrator host with its own in-memory bus and a fresh SQLite file.</summary>
public sealed partial class ReviewApiTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = OrchestratorApiHost.Json;
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync() => host = await OrchestratorApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Review_api_lists_shows_refuses_stale_and_accepts_current_approval()
    {
        using var client = host.CreateClient();
        var id = await host.ToAwaitingReviewAsync();

        var queue = await client.GetFromJsonAsync<List<ReviewQueueEntry>>("/api/reviews", Json);
        Assert.Contains(queue!, e => e.WorkflowId == id && e.Revision == 1);

        var details = await client.GetFromJsonAsync<ReviewDetails>($"/api/reviews/{id}", Json);
        Assert.Equal("Acute bronchitis.", details!.Draft!.Sections[1].Sentences[0].Text);

        var stale = await client.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest(2));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("revision 1, not 2", problem!.Detail);

        using var unmapped = host.CreateClient(fhirUser: "Patient/someone");
        var badReviewer = await unmapped.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest(1));
        Assert.Equal(HttpStatusCode.Forbidden, badReviewer.StatusCode);
        Assert.Contains("maps to no FHIR Practitioner", (await badReviewer.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);

        var accepted = await client.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest(1));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(ReviewDecision.Approved, (await accepted.Content.ReadFromJsonAsync<ClinicalNoteReviewed>(Json))!.Decision);
        await host.ConsentConfirmedAsync(id);

        var again = await client.PostAsJsonAsync($"/api/reviews/{id}/reject", new RejectReviewRequest("late", 1));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var unknown = await client.GetAsync($"/api/reviews/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Review_page_shows_the_queue_and_the_draft_and_its_form_rejects()
    {
        using var client = host.CreateClient(followRedirects: false);
        var id = await host.ToAwaitingReviewAsync();

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
            ["reason"] = "Describes a different visit",
            ["expectedRevision"] = "1",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await host.InState(id, "Rejected");
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex TokenField();
}
