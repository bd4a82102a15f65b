using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Feedback;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Feedback;

/// <summary>
/// Every decision leaves durable feedback in the Orchestrator database (draft, final note, diff, time from the
/// reviewer's first opening), and the export writes it as de-identified JSONL with per-version rates.
/// </summary>
public sealed class FeedbackTests : IAsyncLifetime
{
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync() => host = await OrchestratorApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public void The_diff_names_changed_removed_and_added_sentences_and_kept_removed_and_added_codes()
    {
        var draft = WorkflowHarness.Note(Guid.NewGuid(), 1);
        var final = draft with
        {
            Sections =
            [
                draft.Sections[0],
                draft.Sections[1] with { Sentences = [new NoteSentence("Acute bronchitis, improving.", []), new NoteSentence("Return if fever.", [])] },
                new NoteSection("plan", "Plan", [new NoteSentence("Fluids and rest.", [])]),
            ],
            Codes = [new ProposedCode("http://hl7.org/fhir/sid/icd-10-cm", "J93.9", "Pneumothorax, unspecified", 1, "reviewer", [])],
        };

        var diff = FeedbackDiffer.Compare(draft, final);

        Assert.Equal(2, diff.SentencesDrafted);
        Assert.Equal(
            [
                new SentenceChange("assessment", 0, "Acute bronchitis.", "Acute bronchitis, improving."),
                new SentenceChange("assessment", 1, null, "Return if fever."),
                new SentenceChange("plan", 0, null, "Fluids and rest."),
            ],
            diff.Sentences);
        Assert.Empty(diff.CodesAccepted);
        Assert.Equal(["http://hl7.org/fhir/sid/icd-10-cm|J20.9"], diff.CodesRemoved);
        Assert.Equal(["http://hl7.org/fhir/sid/icd-10-cm|J93.9"], diff.CodesAdded);
        Assert.Empty(FeedbackDiffer.Compare(draft, draft).Sentences);
    }

    [Fact]
    public async Task Decisions_keep_draft_final_diff_and_time_spent_and_export_without_workflow_ids()
    {
        using var client = host.CreateClient();
        var edited = await host.ToAwaitingReviewAsync();
        var rejected = await host.ToAwaitingReviewAsync();
        var unopened = await host.ToAwaitingReviewAsync();

        // The reviewer opens the draft (the clock starts), edits a sentence and swaps the code.
        var details = await client.GetFromJsonAsync<ReviewDetails>($"/api/reviews/{edited}", OrchestratorApiHost.Json);
        var draft = details!.Draft!;
        var final = draft with
        {
            Sections = [draft.Sections[0], draft.Sections[1] with { Sentences = [new NoteSentence("Acute bronchitis, improving.", [])] }],
            Codes = [new ProposedCode("http://hl7.org/fhir/sid/icd-10-cm", "J93.9", "Pneumothorax, unspecified", 1, "reviewer", [])],
        };
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/api/reviews/{edited}/approve", new ApproveReviewRequest(1, final), OrchestratorApiHost.Json)).StatusCode);
        await client.GetAsync($"/api/reviews/{rejected}");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/api/reviews/{rejected}/reject", new RejectReviewRequest("Describes another visit", 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/api/reviews/{unopened}/approve", new ApproveReviewRequest(1))).StatusCode);

        var rows = await host.Factory.Services.GetRequiredService<ReviewFeedbackStore>().ReadAsync(DateTimeOffset.MinValue);
        Assert.Equal(3, rows.Count);
        var approval = rows.Single(r => r.WorkflowId == edited);
        Assert.Equal(ReviewDecision.ApprovedWithEdits, approval.Decision);
        Assert.Equal(("rules", "1.0.0"), (approval.EngineName, approval.EngineVersion));
        Assert.Equal("Acute bronchitis.", approval.Draft.Sections[1].Sentences[0].Text);
        Assert.Equal("Acute bronchitis, improving.", approval.Final!.Sections[1].Sentences[0].Text);
        Assert.Equal(new SentenceChange("assessment", 0, "Acute bronchitis.", "Acute bronchitis, improving."), Assert.Single(approval.Diff!.Sentences));
        Assert.Equal(["http://hl7.org/fhir/sid/icd-10-cm|J20.9"], approval.Diff.CodesRemoved);
        Assert.Equal(["http://hl7.org/fhir/sid/icd-10-cm|J93.9"], approval.Diff.CodesAdded);
        Assert.NotNull(approval.OpenedAt);
        Assert.InRange(approval.SecondsSpent!.Value, 0, 120);

        var rejection = rows.Single(r => r.WorkflowId == rejected);
        Assert.Equal((ReviewDecision.Rejected, "Describes another visit"), (rejection.Decision, rejection.Reason));
        Assert.Null(rejection.Final);
        Assert.Null(rejection.Diff);
        Assert.Null(rows.Single(r => r.WorkflowId == unopened).SecondsSpent);
        Assert.Empty(await host.Factory.Services.GetRequiredService<ReviewFeedbackStore>().ReadAsync(DateTimeOffset.UtcNow.AddMinutes(1)));

        using var jsonl = new StringWriter();
        Assert.Equal(3, await FeedbackExport.WriteJsonLinesAsync(rows, jsonl));
        var lines = jsonl.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        foreach (var id in new[] { edited, rejected, unopened })
        {
            Assert.DoesNotContain(id.ToString(), jsonl.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        var exported = JsonDocument.Parse(lines.Single(l => l.Contains("ApprovedWithEdits", StringComparison.Ordinal))).RootElement;
        Assert.False(exported.GetProperty("draft").TryGetProperty("workflowId", out _));
        Assert.Equal("Acute bronchitis, improving.", exported.GetProperty("diff").GetProperty("sentences")[0].GetProperty("after").GetString());

        var summary = Assert.Single(FeedbackExport.Summarize(rows));
        Assert.Equal((3, 1, 1, 1), (summary.Decisions, summary.Approved, summary.ApprovedWithEdits, summary.Rejected));
        Assert.Equal(2.0 / 3, summary.AcceptanceRate!.Value, 3);
        Assert.Equal(0.5, summary.EditRate);
        // Approved notes drafted 2 codes (J20.9 twice); the unedited approval kept its one.
        Assert.Equal(0.5, summary.CodeAcceptanceRate);
    }
}
