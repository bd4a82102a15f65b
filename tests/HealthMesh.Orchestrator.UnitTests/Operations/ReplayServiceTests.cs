using Dapper;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Operations.Replay;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.ServiceDefaults.Persistence;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Operations;

public sealed class ReplayServiceTests
{
    private static readonly DateTimeOffset Since = DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task Replaying_write_back_of_a_completed_workflow_sends_it_again_marked_as_a_replay()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToCompletedAsync()).WorkflowId;
        var writtenBack = Assert.Single(await h.JournaledAsync(id, 1, e => e.MessageType == nameof(ClinicalNoteWrittenBack)));

        var result = await ReplayAsync(h, new ReplayRequest(KnownReplaySteps.WriteBack, From: Since, MessageType: nameof(ClinicalNoteWrittenBack)));

        var item = Assert.Single(result.Items);
        Assert.Equal((id, writtenBack.MessageId, "Completed", true), (item.WorkflowId, item.ReplayOf, item.State, item.Sent));
        Assert.Equal((1, 0), (result.Sent, result.Skipped));
                var until = DateTime.UtcNow.AddSeconds(10);
        while (h.Bus.Sent.Select<WriteBackClinicalNote>().Count() < 2)
        {
            Assert.True(DateTime.UtcNow < until, "The saga did not send the write-back again.");
            await Task.Delay(25);
        }

        await h.InState(id, m => m.WritingBack);
        var replay = Assert.Single(await h.JournaledAsync(id, 1, e => e.Outcome == KnownJournalOutcomes.ReplayRequested));
        Assert.Equal((writtenBack.MessageId, result.BatchId, KnownJournalSteps.WriteBack), (replay.ReplayOf, replay.ReplayBatch, replay.Step));
        Assert.NotEqual(writtenBack.MessageId, replay.MessageId);
        Assert.Equal(1, (await h.StateAsync(id)).Attempts[KnownJournalSteps.WriteBack] - 1);
    }

    [Fact]
    public async Task A_dry_run_shows_what_would_be_sent_and_sends_nothing()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var completed = (await h.ToCompletedAsync("enc-a")).WorkflowId;
        var waiting = (await h.ToAwaitingReviewAsync(resourceId: "enc-b")).WorkflowId;
        await h.JournaledAsync(completed, 6);
        await h.JournaledAsync(waiting, 3);

        var result = await ReplayAsync(h, new ReplayRequest(KnownReplaySteps.Draft, From: Since, DryRun: true));

        Assert.True(result.DryRun);
        Assert.Equal(0, result.Sent);
        var redraft = result.Items.Single(i => i.WorkflowId == waiting);
        Assert.Equal(("ReplayClinicalNoteWorkflow(draft)", null, false), (redraft.MessageType, redraft.SkipReason, redraft.Sent));
        var reviewed = result.Items.Single(i => i.WorkflowId == completed);
        Assert.Contains("already reviewed", reviewed.SkipReason);
        Assert.Single(h.Bus.Sent.Select<DraftClinicalNote>(), x => x.Context.Message.WorkflowId == waiting);
        Assert.Empty(h.Bus.Published.Select<ReplayClinicalNoteWorkflow>());
    }

    [Fact]
    public async Task A_draft_replay_supersedes_reviewed_drafts_only_when_asked()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToCompletedAsync()).WorkflowId;

        var refused = await ReplayAsync(h, new ReplayRequest(KnownReplaySteps.Draft, WorkflowIds: [id]));
        Assert.Equal((0, 1), (refused.Sent, refused.Skipped));

        var superseding = await ReplayAsync(h, new ReplayRequest(KnownReplaySteps.Draft, WorkflowIds: [id], SupersedeReviewed: true));
        Assert.Equal(1, superseding.Sent);
        await h.InState(id, m => m.Drafting);
        Assert.True(await h.WasPublished<ReplayClinicalNoteWorkflow>(x => x.Context.Message.SupersedeReviewed));
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!h.Bus.Sent.Select<DraftClinicalNote>().Any(x => x.Context.Message.WorkflowId == id && x.Context.Message.Revision == 2))
        {
            Assert.True(DateTime.UtcNow < until, "No revision-2 draft was asked for.");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task Replaying_from_intake_restarts_a_workflow_the_orchestrator_lost_from_its_journaled_event()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = await h.ToAwaitingReviewAsync();
        var original = Assert.Single(await h.JournaledAsync(received.WorkflowId, 1, e => e.MessageType == nameof(ClinicalEventReceived)));
        await using (var connection = await h.Services.GetRequiredService<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM clinical_note_workflows WHERE correlation_id = @Id", new { Id = received.WorkflowId.ToString() });
        }

        var result = await ReplayAsync(h, new ReplayRequest(KnownReplaySteps.Intake, WorkflowIds: [received.WorkflowId], MessageType: nameof(ClinicalEventReceived)));

        Assert.Equal(nameof(ClinicalEventReceived), Assert.Single(result.Items).MessageType);
        await h.InState(received.WorkflowId, m => m.Deidentifying);
        var replayed = await h.JournaledAsync(received.WorkflowId, 2, e => e.MessageType == nameof(ClinicalEventReceived));
        var copy = replayed.Single(e => e.MessageId != original.MessageId);
        Assert.Equal((original.MessageId, result.BatchId), (copy.ReplayOf, copy.ReplayBatch));
        Assert.Equal(received, await h.Services.GetRequiredService<MessageJournal>().ReadBodyAsync<ClinicalEventReceived>(copy.MessageId));
    }

    [Fact]
    public async Task One_page_mixes_lost_and_existing_workflows_each_replayed_from_what_the_store_holds()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var kept = await h.ToAwaitingReviewAsync(resourceId: "enc-kept");
        var lost = new[] { await h.ToAwaitingReviewAsync(resourceId: "enc-lost-1"), await h.ToAwaitingReviewAsync(resourceId: "enc-lost-2") };
        foreach (var workflow in lost.Append(kept))
        {
            await h.JournaledAsync(workflow.WorkflowId, 1, e => e.MessageType == nameof(ClinicalEventReceived));
        }

        await using (var connection = await h.Services.GetRequiredService<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM clinical_note_workflows WHERE correlation_id IN @Ids", new { Ids = lost.Select(l => l.WorkflowId.ToString()) });
        }

        var result = await ReplayAsync(h, new ReplayRequest(KnownReplaySteps.Intake, WorkflowIds: [.. lost.Append(kept).Select(w => w.WorkflowId)], MessageType: nameof(ClinicalEventReceived)));

        Assert.Equal((3, 0), (result.Sent, result.Skipped));
        Assert.Equal("ReplayClinicalNoteWorkflow(deidentify)", result.Items.Single(i => i.WorkflowId == kept.WorkflowId).MessageType);
        foreach (var workflow in lost)
        {
            var item = result.Items.Single(i => i.WorkflowId == workflow.WorkflowId);
            Assert.Equal((nameof(ClinicalEventReceived), null), (item.MessageType, item.State));
            await h.InState(workflow.WorkflowId, m => m.Deidentifying);
        }

        await h.InState(kept.WorkflowId, m => m.Deidentifying);
    }

    [Theory]
    [InlineData("summarize", "ops-1", true, "'fromStep' must be one of")]
    [InlineData("draft", " ", true, "operator who asked")]
    [InlineData("draft", "ops-1", false, "never takes the whole journal")]
    public async Task Incomplete_requests_are_refused_with_what_to_change(string step, string requestedBy, bool withRange, string expected)
    {
        await using var h = await WorkflowHarness.StartAsync();
        var request = new ReplayRequest(step, From: withRange ? Since : null);

        var error = await Assert.ThrowsAsync<ReplayValidationException>(() => ReplayAsync(h, request, requestedBy));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static async Task<ReplayResult> ReplayAsync(WorkflowHarness h, ReplayRequest request, string requestedBy = "ops-1")
    {
        using var scope = h.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ReplayService>().ReplayAsync(request, requestedBy);
    }
}
