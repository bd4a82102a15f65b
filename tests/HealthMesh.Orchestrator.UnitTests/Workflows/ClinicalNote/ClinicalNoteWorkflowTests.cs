using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Messaging;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Workflows.ClinicalNote;

public sealed class ClinicalNoteWorkflowTests
{
    [Fact]
    public async Task Event_received_sends_deidentification_and_records_the_source()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = WorkflowHarness.Event(lastUpdated: DateTimeOffset.Parse("2026-03-01T10:00:00Z"));

        await h.Bus.Bus.Publish(received);

        await h.InState(received.WorkflowId, m => m.Deidentifying);
        var sent = h.Bus.Sent.Select<DeidentifyClinicalContext>().Single().Context.Message;
        Assert.Equal(new DeidentifyClinicalContext(received.WorkflowId, received.ContextReference, NoteKind.EncounterSummary), sent);
        var state = await h.StateAsync(received.WorkflowId);
        Assert.Equal("Encounter", state.ResourceType);
        Assert.Equal("enc-1", state.ResourceId);
        Assert.Equal(received.ResourceLastUpdated, state.ResourceLastUpdated);
        Assert.Equal(ClinicalNoteWorkflow.ResourceKeyOf(WorkflowHarness.Source, "Encounter", "enc-1"), state.ResourceKey);
        Assert.Equal(1, state.Attempts[KnownWorkflowSteps.Deidentify]);
    }

    [Fact]
    public async Task Replayed_event_lands_on_the_existing_saga_and_does_nothing()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = await h.ToAwaitingReviewAsync();
        var before = await h.StateAsync(received.WorkflowId);

        await h.Bus.Bus.Publish(received);
        await h.SagaConsumed<ClinicalEventReceived>(2);

        await h.InState(received.WorkflowId, m => m.AwaitingReview);
        Assert.Single(h.Bus.Sent.Select<DeidentifyClinicalContext>());
        var after = await h.StateAsync(received.WorkflowId);
        Assert.Equal(before.DraftRevision, after.DraftRevision);
        Assert.Equal(before.DraftReference, after.DraftReference);
    }

    [Fact]
    public async Task Redelivered_events_resend_the_command_their_state_waits_on()
    {
        // A send lost between saving the saga row and the outbox delivering (broker connection dropped) is recovered
        // by the broker's redelivery of the event that caused it.
        await using var h = await WorkflowHarness.StartAsync();
        var received = WorkflowHarness.Event();
        var id = received.WorkflowId;
        await h.Bus.Bus.Publish(received);
        await h.InState(id, m => m.Deidentifying);

        await h.Bus.Bus.Publish(received);
        await h.SagaConsumed<ClinicalEventReceived>(2);
        Assert.Equal(2, h.Bus.Sent.Select<DeidentifyClinicalContext>().Count(x => x.Context.Message.WorkflowId == id));

        var deidentified = new ClinicalContextDeidentified(id, $"hm-doc:{id:N}/context-deid", 3);
        await h.Bus.Bus.Publish(deidentified);
        await h.InState(id, m => m.Drafting);
        await h.Bus.Bus.Publish(deidentified);
        await h.SagaConsumed<ClinicalContextDeidentified>(2);
        Assert.Equal(2, h.Bus.Sent.Select<DraftClinicalNote>().Count(x => x.Context.Message == new DraftClinicalNote(id, deidentified.DeidentifiedContextReference, NoteKind.EncounterSummary, 1)));

        await h.DraftAsync(id, 1);
        await h.InState(id, m => m.AwaitingReview);
        var approval = new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", $"hm-doc:{id:N}/final-r1", null, 1, h.Clock.GetUtcNow());
        await h.Bus.Bus.Publish(approval);
        await h.InState(id, m => m.WritingBack);
        await h.Bus.Bus.Publish(approval);
        await h.SagaConsumed<ClinicalNoteReviewed>(2);
        Assert.Equal(2, h.Bus.Sent.Select<WriteBackClinicalNote>().Count(x => x.Context.Message.WorkflowId == id));
        Assert.Equal(1, (await h.StateAsync(id)).Attempts[KnownWorkflowSteps.WriteBack]);
    }

    [Fact]
    public async Task Happy_path_runs_to_completed_and_publishes_completion()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = await h.ToAwaitingReviewAsync();
        var id = received.WorkflowId;

        var draft = await h.SentSingleAsync<DraftClinicalNote>();
        Assert.Equal(new DraftClinicalNote(id, $"hm-doc:{id:N}/context-deid", NoteKind.EncounterSummary, 1), draft);
        var awaiting = await h.StateAsync(id);
        Assert.Equal(h.Clock.GetUtcNow() + TimeSpan.FromDays(1), awaiting.ReviewDueAt);

        var reviewedAt = h.Clock.GetUtcNow();
        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", $"hm-doc:{id:N}/final-r1", null, 1, reviewedAt));
        await h.InState(id, m => m.WritingBack);
        var writeBack = await h.SentSingleAsync<WriteBackClinicalNote>();
        Assert.Equal(new WriteBackClinicalNote(id, WorkflowHarness.Source, "Encounter", "enc-1", "1", $"hm-doc:{id:N}/final-r1", "Practitioner/p1", reviewedAt), writeBack);

        await h.Bus.Bus.Publish(new ClinicalNoteWrittenBack(id, "DocumentReference/d1", "Composition/c1", "Provenance/p1", false));
        await h.InState(id, m => m.Completed);
        Assert.True(await h.WasPublished<ClinicalNoteWorkflowCompleted>(x => x.Context.Message == new ClinicalNoteWorkflowCompleted(id, "DocumentReference/d1")));
        var completed = await h.StateAsync(id);
        Assert.Equal("Provenance/p1", completed.ProvenanceReference);
        Assert.Equal(ReviewDecision.Approved, completed.ReviewDecision);
    }

    [Fact]
    public async Task Rejection_keeps_the_reason()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;

        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Rejected, "Practitioner/p1", null, "Wrong encounter", 1, h.Clock.GetUtcNow()));

        await h.InState(id, m => m.Rejected);
        Assert.Equal("Wrong encounter", (await h.StateAsync(id)).RejectionReason);
        Assert.Empty(h.Bus.Sent.Select<WriteBackClinicalNote>());
    }

    [Fact]
    public async Task Regeneration_asks_for_the_next_revision_and_ignores_stale_drafts_and_reviews()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;

        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.RegenerationRequested, "Practitioner/p1", null, null, 1, h.Clock.GetUtcNow()));
        await h.InState(id, m => m.Drafting);
        Assert.Contains(h.Bus.Sent.Select<DraftClinicalNote>(), x => x.Context.Message.Revision == 2);

        // A late duplicate of revision 1 must not put the old draft up for review.
        await h.DraftAsync(id, 1);
        await h.SagaConsumed<ClinicalNoteDrafted>(2);
        Assert.Equal("Drafting", (await h.StateAsync(id)).CurrentState);

        await h.DraftAsync(id, 2, ReviewPriority.Critical);
        await h.InState(id, m => m.AwaitingReview);
        var state = await h.StateAsync(id);
        Assert.Equal(2, state.DraftRevision);
        Assert.Equal(ReviewPriority.Critical, state.Priority);
        Assert.Equal(h.Clock.GetUtcNow() + TimeSpan.FromHours(1), state.ReviewDueAt);

        // An approval of revision 1 arriving now is stale and ignored.
        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", $"hm-doc:{id:N}/final-r1", null, 1, h.Clock.GetUtcNow()));
        await h.SagaConsumed<ClinicalNoteReviewed>(2);
        await h.InState(id, m => m.AwaitingReview);
        Assert.Empty(h.Bus.Sent.Select<WriteBackClinicalNote>());
    }

    [Fact]
    public async Task Deidentification_fault_faults_the_workflow_and_retry_sends_the_step_again()
    {
        await using var h = await WorkflowHarness.StartAsync(WorkflowHarness.Failing<DeidentifyClinicalContext>(KnownQueues.DeidentifyClinicalContext));
        var received = WorkflowHarness.Event();

        await h.Bus.Bus.Publish(received);

        await h.InState(received.WorkflowId, m => m.Faulted);
        var faulted = await h.StateAsync(received.WorkflowId);
        Assert.Equal(KnownWorkflowSteps.Deidentify, faulted.FaultStep);
        Assert.Equal(FailingCommandConsumer<DeidentifyClinicalContext>.Reason, faulted.FaultReason);
        Assert.Equal(1, faulted.FaultAttempts);
        Assert.True(await h.WasPublished<ClinicalNoteWorkflowFaulted>(x =>
            x.Context.Message == new ClinicalNoteWorkflowFaulted(received.WorkflowId, KnownWorkflowSteps.Deidentify, FailingCommandConsumer<DeidentifyClinicalContext>.Reason, 1)));

        await h.Bus.Bus.Publish(new RetryClinicalNoteWorkflow(received.WorkflowId, "Practitioner/ops"));

        // The step fails again downstream, so the workflow comes back to Faulted with a second attempt counted.
        Assert.True(await h.WasPublished<ClinicalNoteWorkflowFaulted>(x => x.Context.Message.Attempts == 2));
        await h.InState(received.WorkflowId, m => m.Faulted);
        Assert.Equal(2, h.Bus.Sent.Select<DeidentifyClinicalContext>().Count());
    }

    [Fact]
    public async Task Drafting_fault_and_retry_resend_the_same_revision()
    {
        await using var h = await WorkflowHarness.StartAsync(WorkflowHarness.Failing<DraftClinicalNote>(KnownQueues.DraftClinicalNote));
        var received = WorkflowHarness.Event();
        await h.Bus.Bus.Publish(received);
        await h.InState(received.WorkflowId, m => m.Deidentifying);

        await h.Bus.Bus.Publish(new ClinicalContextDeidentified(received.WorkflowId, "hm-doc:x/context-deid", 1));

        await h.InState(received.WorkflowId, m => m.Faulted);
        Assert.Equal(KnownWorkflowSteps.Draft, (await h.StateAsync(received.WorkflowId)).FaultStep);

        await h.Bus.Bus.Publish(new RetryClinicalNoteWorkflow(received.WorkflowId, "Practitioner/ops"));
        Assert.True(await h.WasPublished<ClinicalNoteWorkflowFaulted>(x => x.Context.Message.Step == KnownWorkflowSteps.Draft && x.Context.Message.Attempts == 2));
        Assert.All(h.Bus.Sent.Select<DraftClinicalNote>(), x => Assert.Equal(1, x.Context.Message.Revision));
    }

    [Fact]
    public async Task Write_back_fault_faults_the_workflow_and_retry_returns_to_writing_back()
    {
        await using var h = await WorkflowHarness.StartAsync(WorkflowHarness.Failing<WriteBackClinicalNote>(KnownQueues.WriteBackClinicalNote));
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;

        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", "hm-doc:x/final-r1", null, 1, h.Clock.GetUtcNow()));

        await h.InState(id, m => m.Faulted);
        var state = await h.StateAsync(id);
        Assert.Equal(KnownWorkflowSteps.WriteBack, state.FaultStep);
        Assert.Equal(1, state.FaultAttempts);

        await h.Bus.Bus.Publish(new RetryClinicalNoteWorkflow(id, "Practitioner/ops"));
        Assert.True(await h.WasPublished<ClinicalNoteWorkflowFaulted>(x => x.Context.Message.Step == KnownWorkflowSteps.WriteBack && x.Context.Message.Attempts == 2));
        Assert.Equal(2, h.Bus.Sent.Select<WriteBackClinicalNote>().Count());
    }

    [Fact]
    public async Task A_newer_version_supersedes_the_running_older_workflow()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var older = WorkflowHarness.Event(version: "2", lastUpdated: DateTimeOffset.Parse("2026-03-01T10:00:00Z"));
        await h.Bus.Bus.Publish(older);
        await h.InState(older.WorkflowId, m => m.Deidentifying);

        var newer = WorkflowHarness.Event(version: "10", lastUpdated: DateTimeOffset.Parse("2026-03-01T11:00:00Z"));
        await h.Bus.Bus.Publish(newer);

        await h.InState(older.WorkflowId, m => m.Superseded);
        await h.InState(newer.WorkflowId, m => m.Deidentifying);
        Assert.True(await h.WasPublished<ClinicalNoteSuperseded>(x => x.Context.Message == new ClinicalNoteSuperseded(older.WorkflowId, newer.WorkflowId)));
        Assert.Equal(newer.WorkflowId, (await h.StateAsync(older.WorkflowId)).SupersededByWorkflowId);
    }

    [Fact]
    public async Task An_older_version_arriving_late_is_superseded_at_once_and_drafts_nothing()
    {
        await using var h = await WorkflowHarness.StartAsync();
        // No lastUpdated: the numeric version decides (10 is newer than 9, although "10" < "9" as text).
        var newer = WorkflowHarness.Event(version: "10");
        await h.Bus.Bus.Publish(newer);
        await h.InState(newer.WorkflowId, m => m.Deidentifying);

        var older = WorkflowHarness.Event(version: "9");
        await h.Bus.Bus.Publish(older);

        await h.InState(older.WorkflowId, m => m.Superseded);
        Assert.Equal(newer.WorkflowId, (await h.StateAsync(older.WorkflowId)).SupersededByWorkflowId);
        Assert.DoesNotContain(h.Bus.Sent.Select<DeidentifyClinicalContext>(), x => x.Context.Message.WorkflowId == older.WorkflowId);
        await h.InState(newer.WorkflowId, m => m.Deidentifying);
    }

    [Fact]
    public async Task Deadline_monitor_escalates_an_overdue_review_once()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync(ReviewPriority.Critical)).WorkflowId;
        var monitor = h.Services.GetRequiredService<ReviewDeadlineMonitor>();

        Assert.Equal(0, await monitor.PublishOverdueAsync());

        h.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(1, await monitor.PublishOverdueAsync());

        var due = (await h.StateAsync(id)).ReviewDueAt!.Value;
        Assert.True(await h.WasPublished<ClinicalNoteReviewOverdue>(x => x.Context.Message == new ClinicalNoteReviewOverdue(id, due, ReviewPriority.Critical)));
        await WaitUntil(async () => (await h.StateAsync(id)).Escalated);
        Assert.Equal(0, await monitor.PublishOverdueAsync());

        // A repeated deadline (a second orchestrator instance) does not escalate again.
        await h.Bus.Bus.Publish(new ReviewDeadlinePassed(id, due));
        await h.SagaConsumed<ReviewDeadlinePassed>(2);
        await h.InState(id, m => m.AwaitingReview);
        Assert.Single(h.Bus.Published.Select<ClinicalNoteReviewOverdue>());
    }

    [Fact]
    public async Task Routine_review_is_not_overdue_before_its_longer_deadline()
    {
        await using var h = await WorkflowHarness.StartAsync();
        await h.ToAwaitingReviewAsync();
        var monitor = h.Services.GetRequiredService<ReviewDeadlineMonitor>();

        h.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await monitor.PublishOverdueAsync());
        h.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await monitor.PublishOverdueAsync());
    }

    [Fact]
    public async Task Status_request_is_answered_and_unknown_workflow_is_not_found()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;
        var client = h.Bus.GetRequestClient<GetClinicalNoteWorkflowStatus>();

        var response = await client.GetResponse<ClinicalNoteWorkflowStatus, ClinicalNoteWorkflowNotFound>(new GetClinicalNoteWorkflowStatus(id));
        Assert.True(response.Is(out Response<ClinicalNoteWorkflowStatus>? status));
        Assert.Equal("AwaitingReview", status!.Message.State);
        Assert.Equal(1, status.Message.DraftRevision);
        Assert.Equal("enc-1", status.Message.ResourceId);

        var unknown = Guid.NewGuid();
        var missing = await client.GetResponse<ClinicalNoteWorkflowStatus, ClinicalNoteWorkflowNotFound>(new GetClinicalNoteWorkflowStatus(unknown));
        Assert.True(missing.Is(out Response<ClinicalNoteWorkflowNotFound>? notFound));
        Assert.Equal(unknown, notFound!.Message.WorkflowId);
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "Condition not met within 10 seconds.");
            await Task.Delay(50);
        }
    }
}
