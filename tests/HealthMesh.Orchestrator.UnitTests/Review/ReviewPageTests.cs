using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Documents;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Review;

/// <summary>
/// The review page's edit path over HTTP as the page's script uses it: the approve form carries the edited note, the
/// code search answers, the assets are served under a same-origin content security policy.
/// </summary>
public sealed partial class ReviewPageTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = OrchestratorApiHost.Json;
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync() => host = await OrchestratorApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_approve_form_with_an_edited_note_approves_with_edits_and_stores_the_edited_note()
    {
        using var client = host.CreateClient(followRedirects: false);
        var id = await host.ToAwaitingReviewAsync();
        var page = await client.GetStringAsync($"/review/{id}");
        var draft = JsonSerializer.Deserialize<StructuredNote>(DraftData().Match(page).Groups["json"].Value, Json)!;
        var edited = draft with
        {
            Sections = [draft.Sections[0], draft.Sections[1] with { Sentences = [new NoteSentence("Acute bronchitis, improving.", draft.Sections[1].Sentences[0].Evidence)] }],
            Codes = [.. draft.Codes, new ProposedCode("http://hl7.org/fhir/sid/icd-10-cm", "J93.9", "Pneumothorax, unspecified", 1, "reviewer", [])],
        };

        var posted = await client.PostAsync($"/review/{id}/approve", Form(page, JsonSerializer.Serialize(edited, Json)));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await host.ConsentConfirmedAsync(id);

        var state = await host.Factory.Services.GetRequiredService<IClinicalNoteWorkflowQueries>().GetAsync(id);
        Assert.Equal(ReviewDecision.ApprovedWithEdits, state!.ReviewDecision);
        var final = await host.Factory.Services.GetRequiredService<IClinicalDocumentStore>().GetJsonAsync<StructuredNote>(state.FinalNoteReference!);
        Assert.Equal("Acute bronchitis, improving.", final.Sections[1].Sentences[0].Text);
        Assert.Equal(["J20.9", "J93.9"], final.Codes.Select(c => c.Code));
    }

    [Fact]
    public async Task An_added_code_outside_the_table_or_a_malformed_note_is_refused_and_the_draft_stays_open()
    {
        using var client = host.CreateClient(followRedirects: false);
        var id = await host.ToAwaitingReviewAsync();
        var page = await client.GetStringAsync($"/review/{id}");
        var draft = JsonSerializer.Deserialize<StructuredNote>(DraftData().Match(page).Groups["json"].Value, Json)!;
        var invented = draft with { Codes = [.. draft.Codes, new ProposedCode("http://hl7.org/fhir/sid/icd-10-cm", "Z99.999", "Invented", 1, "reviewer", [])] };

        var refused = await client.PostAsync($"/review/{id}/approve", Form(page, JsonSerializer.Serialize(invented, Json)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Z99.999", await refused.Content.ReadAsStringAsync());

        var malformed = await client.PostAsync($"/review/{id}/approve", Form(page, "{\"sections\":"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        await host.InState(id, "AwaitingReview");
    }

    [Fact]
    public async Task Code_search_and_assets_are_served_and_pages_allow_only_same_origin_scripts()
    {
        using var client = host.CreateClient();
        var found = await client.GetFromJsonAsync<List<CodeSearchResult>>("/api/codes?q=pneumothorax%20unspecified", Json);
        Assert.Equal("J93.9", Assert.Single(found!).Code);
        Assert.Empty((await client.GetFromJsonAsync<List<CodeSearchResult>>("/api/codes?q=", Json))!);

        var queue = await client.GetAsync("/review");
        Assert.StartsWith("default-src 'self'", queue.Headers.GetValues("Content-Security-Policy").Single());
        var script = await client.GetAsync("/review/assets/review.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("draft-data", await script.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/review/assets/review.css")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/review/assets/other.js")).StatusCode);
    }

    private static FormUrlEncodedContent Form(string page, string editedNote)
    {
        var token = TokenField().Match(page);
        Assert.True(token.Success, "The draft page carries an antiforgery token.");
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["expectedRevision"] = "1",
            ["editedNote"] = editedNote,
        });
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex TokenField();

    [GeneratedRegex("<script type=\"application/json\" id=\"draft-data\">(?<json>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DraftData();
}
