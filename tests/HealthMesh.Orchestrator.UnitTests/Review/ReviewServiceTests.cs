using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.ServiceDefaults.Documents;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Review;

public sealed class ReviewServiceTests
{
    private const string Reviewer = "Practitioner/p-7";

    [Fact]
    public async Task Approval_stores_the_final_note_and_moves_the_workflow_to_write_back()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;
        using var scope = h.Services.CreateScope();

        var review = await h.CreateReviewService(scope).ApproveAsync(id, Reviewer, new ApproveReviewRequest(1));

        Assert.Equal(ReviewDecision.Approved, review.Decision);
        Assert.Equal(1, review.ReviewedRevision);
        Assert.EndsWith("/final-r1", review.FinalNoteReference);
        var final = await h.Documents.GetJsonAsync<StructuredNote>(review.FinalNoteReference!);
        Assert.Equal("Acute bronchitis.", final.Sections[1].Sentences[0].Text);
        await h.InState(id, m => m.WritingBack);
        Assert.Equal(review.FinalNoteReference, h.Bus.Sent.Select<WriteBackClinicalNote>().Single().Context.Message.FinalNoteReference);
    }

    [Fact]
    public async Task A_decided_draft_leaves_the_queue_before_the_saga_takes_the_decision()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var decided = (await h.ToAwaitingReviewAsync(resourceId: "enc-decided")).WorkflowId;
        var waiting = (await h.ToAwaitingReviewAsync(resourceId: "enc-waiting")).WorkflowId;
        using var scope = h.Services.CreateScope();
        var claim = new ClinicalNoteReviewed(decided, ReviewDecision.Approved, Reviewer, $"hm-doc:{decided:N}/final-r1", null, 1, DateTimeOffset.UtcNow);

        // The decision is recorded but not published: the saga still says AwaitingReview.
        Assert.True(await scope.ServiceProvider.GetRequiredService<ClinicalNoteReviewStore>().TryRecordAsync(claim, edited: false));

        var queue = await h.CreateReviewService(scope).GetQueueAsync();
        Assert.Equal([waiting], queue.Select(e => e.WorkflowId));
    }

    [Fact]
    public async Task Edited_approval_is_recorded_as_approved_with_edits()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;
        var draft = WorkflowHarness.Note(id, 1);
        var edited = draft with
        {
            Sections = [draft.Sections[0], new NoteSection("assessment", "Assessment", [new NoteSentence("Acute viral bronchitis.", [])])],
        };
        using var scope = h.Services.CreateScope();

        var review = await h.CreateReviewService(scope).ApproveAsync(id, Reviewer, new ApproveReviewRequest(1, edited));

        Assert.Equal(ReviewDecision.ApprovedWithEdits, review.Decision);
        var final = await h.Documents.GetJsonAsync<StructuredNote>(review.FinalNoteReference!);
        Assert.Equal("Acute viral bronchitis.", final.Sections[1].Sentences[0].Text);
        await h.InState(id, m => m.WritingBack);
    }

    [Fact]
    public async Task Approval_of_a_stale_revision_is_refused()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;
        using var scope = h.Services.CreateScope();
        var reviews = h.CreateReviewService(scope);
        await reviews.RegenerateAsync(id, Reviewer, new RegenerateReviewRequest(1));
        await h.InState(id, m => m.Drafting);
        await h.DraftAsync(id, 2);
        await h.InState(id, m => m.AwaitingReview);

        var refused = await Assert.ThrowsAsync<ReviewException>(() => reviews.ApproveAsync(id, Reviewer, new ApproveReviewRequest(1)));

        Assert.Equal(ReviewFailure.Conflict, refused.Failure);
        Assert.Contains("revision 2, not 1", refused.Message);
        Assert.Empty(h.Bus.Sent.Select<WriteBackClinicalNote>());
    }

    [Fact]
    public async Task Two_racing_decisions_on_one_revision_let_exactly_one_through()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;
        using var first = h.Services.CreateScope();
        using var second = h.Services.CreateScope();

        var outcomes = await Task.WhenAll(
            Outcome(() => h.CreateReviewService(first).ApproveAsync(id, Reviewer, new ApproveReviewRequest(1))),
            Outcome(() => h.CreateReviewService(second).RejectAsync(id, "Practitioner/p-8", new RejectReviewRequest("Not this patient's visit", 1))));

        Assert.Single(outcomes, o => o is null);
        Assert.Single(outcomes, o => o == ReviewFailure.Conflict);
    }

    [Fact]
    public async Task Decisions_outside_review_or_malformed_are_refused_with_a_reason()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = WorkflowHarness.Event();
        await h.Bus.Bus.Publish(received);
        await h.InState(received.WorkflowId, m => m.Deidentifying);
        using var scope = h.Services.CreateScope();
        var reviews = h.CreateReviewService(scope);

        var wrongState = await Assert.ThrowsAsync<ReviewException>(() => reviews.ApproveAsync(received.WorkflowId, Reviewer, new ApproveReviewRequest(1)));
        Assert.Equal(ReviewFailure.Conflict, wrongState.Failure);
        Assert.Contains("Deidentifying", wrongState.Message);

        var unknown = await Assert.ThrowsAsync<ReviewException>(() => reviews.GetAsync(Guid.NewGuid()));
        Assert.Equal(ReviewFailure.NotFound, unknown.Failure);

        var badReviewer = await Assert.ThrowsAsync<ReviewException>(() => reviews.ApproveAsync(received.WorkflowId, "Patient/1", new ApproveReviewRequest(1)));
        Assert.Equal(ReviewFailure.Invalid, badReviewer.Failure);

        var noReason = await Assert.ThrowsAsync<ReviewException>(() => reviews.RejectAsync(received.WorkflowId, Reviewer, new RejectReviewRequest(" ", 1)));
        Assert.Equal(ReviewFailure.Invalid, noReason.Failure);
    }

    [Fact]
    public async Task Edited_note_must_stay_the_same_workflow_and_revision()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;
        using var scope = h.Services.CreateScope();

        var foreign = WorkflowHarness.Note(Guid.NewGuid(), 1);
        var refused = await Assert.ThrowsAsync<ReviewException>(() => h.CreateReviewService(scope).ApproveAsync(id, Reviewer, new ApproveReviewRequest(1, foreign)));

        Assert.Equal(ReviewFailure.Invalid, refused.Failure);
        await h.InState(id, m => m.AwaitingReview);
    }

    [Fact]
    public async Task Queue_lists_critical_drafts_first_then_the_oldest()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var oldRoutine = (await h.ToAwaitingReviewAsync(ReviewPriority.Routine, "enc-a")).WorkflowId;
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var newRoutine = (await h.ToAwaitingReviewAsync(ReviewPriority.Routine, "enc-b")).WorkflowId;
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var critical = (await h.ToAwaitingReviewAsync(ReviewPriority.Critical, "enc-c")).WorkflowId;
        using var scope = h.Services.CreateScope();

        var queue = await h.CreateReviewService(scope).GetQueueAsync();

        Assert.Equal([critical, oldRoutine, newRoutine], queue.Select(e => e.WorkflowId));
        var details = await h.CreateReviewService(scope).GetAsync(critical);
        Assert.Equal("AwaitingReview", details.State);
        Assert.Equal("Progress note", details.Draft!.Title);
    }

    private static async Task<ReviewFailure?> Outcome(Func<Task> decide)
    {
        try
        {
            await decide();
            return null;
        }
        catch (ReviewException ex)
        {
            return ex.Failure;
        }
    }
}
