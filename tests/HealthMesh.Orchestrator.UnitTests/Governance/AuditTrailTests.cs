using Dapper;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Governance.Audit;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Governance;

public sealed class AuditTrailTests
{
    [Fact]
    public async Task A_completed_workflow_leaves_a_verifiable_trail_naming_who_did_each_step()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToCompletedAsync()).WorkflowId;

        var records = await AuditedAsync(h, id, 6);

        Assert.Equal(
            [KnownAuditActions.Accepted, KnownAuditActions.Deidentified, KnownAuditActions.Drafted, KnownAuditActions.Approved, KnownAuditActions.Reidentified, KnownAuditActions.WrittenBack],
            records.Select(r => r.Action));
        Assert.All(records, r => Assert.Equal(KnownAuditOutcomes.Success, r.Outcome));
        Assert.Equal(
            [("service", "intake"), ("service", "deidentification"), ("service", "summarization"), ("person", "Practitioner/p1"), ("service", "write-back"), ("service", "write-back")],
            records.Select(r => (r.AgentType, r.Agent)));
        var drafted = records.Single(r => r.Action == KnownAuditActions.Drafted);
        Assert.Equal(("rules", "1.0.0", "1"), (drafted.Detail[KnownAuditDetails.Engine], drafted.Detail[KnownAuditDetails.EngineVersion], drafted.Detail[KnownAuditDetails.Revision]));
        Assert.Equal("Encounter/enc-1/_history/1", records[0].Detail[KnownAuditDetails.Source]);
        Assert.Equal("DocumentReference/d-enc-1", records[^1].Detail[KnownAuditDetails.DocumentReference]);

        var verification = await h.Services.GetRequiredService<AuditTrail>().VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(6, verification.Records);
        Assert.Equal(records[^1].Hash, verification.HeadHash);
        for (var i = 1; i < records.Count; i++)
        {
            Assert.Equal(records[i - 1].Hash, records[i].PreviousHash);
        }
    }

    [Fact]
    public async Task Edits_regeneration_rejection_retry_replay_and_step_faults_are_recorded_with_their_agent()
    {
        await using var h = await WorkflowHarness.StartAsync(WorkflowHarness.Failing<WriteBackClinicalNote>(KnownQueues.WriteBackClinicalNote));
        var id = (await h.ToAwaitingReviewAsync()).WorkflowId;
        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.ApprovedWithEdits, "Practitioner/p7", $"hm-doc:{id:N}/final-r1", null, 1, h.Clock.GetUtcNow()));
        await AuditedAsync(h, id, 1, r => r.Action == KnownAuditActions.WrittenBack);
        await h.Bus.Bus.Publish(new RetryClinicalNoteWorkflow(id, "ops-anna"));
        await AuditedAsync(h, id, 1, r => r.Action == KnownAuditActions.Retried);
        await h.Bus.Bus.Publish(new ReplayClinicalNoteWorkflow(id, "draft", Guid.NewGuid(), Guid.NewGuid(), "ops-ben", SupersedeReviewed: true));
        await AuditedAsync(h, id, 1, r => r.Action == KnownAuditActions.Replayed);

        var records = await h.Services.GetRequiredService<AuditTrail>().QueryAsync(id);

        Assert.Equal(("person", "Practitioner/p7"), records.Where(r => r.Action == KnownAuditActions.Edited).Select(r => (r.AgentType, r.Agent)).Single());
        Assert.Equal(("person", "Practitioner/p7"), records.Where(r => r.Action == KnownAuditActions.Approved).Select(r => (r.AgentType, r.Agent)).Single());
        var failed = records.First(r => r.Action == KnownAuditActions.WrittenBack);
        Assert.Equal((KnownAuditOutcomes.Failure, typeof(InvalidOperationException).FullName), (failed.Outcome, failed.Detail[KnownAuditDetails.ExceptionType]));
        Assert.DoesNotContain(records.SelectMany(r => r.Detail.Values), v => v.Contains(FailingCommandConsumer<WriteBackClinicalNote>.Reason, StringComparison.Ordinal));
        Assert.Equal(("operator", "ops-anna"), records.Where(r => r.Action == KnownAuditActions.Retried).Select(r => (r.AgentType, r.Agent)).Single());
        var replayed = records.Single(r => r.Action == KnownAuditActions.Replayed);
        Assert.Equal(("operator", "ops-ben", "draft"), (replayed.AgentType, replayed.Agent, replayed.Detail[KnownAuditDetails.FromStep]));

        var rejectedId = (await h.ToAwaitingReviewAsync(resourceId: "enc-2")).WorkflowId;
        await h.Bus.Bus.Publish(new ClinicalNoteReviewed(rejectedId, ReviewDecision.Rejected, "Practitioner/p8", null, "Patient Jane Doe's note is about another visit", 1, h.Clock.GetUtcNow()));
        var rejected = Assert.Single(await AuditedAsync(h, rejectedId, 1, r => r.Action == KnownAuditActions.Rejected));
        Assert.Equal("Practitioner/p8", rejected.Agent);
        Assert.DoesNotContain("Jane", AuditChain.SerializeDetail(rejected.Detail), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_message_is_appended_once()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = WorkflowHarness.Event();
        var messageId = NewId.NextGuid();

        await h.Bus.Bus.Publish(received, c => c.MessageId = messageId);
        await AuditedAsync(h, received.WorkflowId, 1);
        await h.Bus.Bus.Publish(received, c => c.MessageId = messageId);
        await h.Bus.Bus.Publish(new ClinicalContextDeidentified(received.WorkflowId, "hm-doc:x/context-deid", 1));
        var records = await AuditedAsync(h, received.WorkflowId, 2);

        Assert.Single(records, r => r.Action == KnownAuditActions.Accepted);
        Assert.True((await h.Services.GetRequiredService<AuditTrail>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_replayed_message_is_recorded_again_naming_its_replay_batch()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var received = WorkflowHarness.Event();
        var batch = Guid.NewGuid();
        var original = NewId.NextGuid();

        await h.Bus.Bus.Publish(received);
        await AuditedAsync(h, received.WorkflowId, 1);
        await h.Bus.Bus.Publish(received, c =>
        {
            c.Headers.Set(KnownReplayHeaders.ReplayBatch, batch.ToString());
            c.Headers.Set(KnownReplayHeaders.ReplayOf, original.ToString());
        });
        var accepted = await AuditedAsync(h, received.WorkflowId, 2, r => r.Action == KnownAuditActions.Accepted);

        Assert.False(accepted[0].Detail.ContainsKey(KnownAuditDetails.ReplayBatch));
        Assert.Equal((batch.ToString(), original.ToString()), (accepted[1].Detail[KnownAuditDetails.ReplayBatch], accepted[1].Detail[KnownAuditDetails.ReplayOf]));
    }

    [Fact]
    public async Task Concurrent_appenders_extend_one_chain()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var trail = h.Services.GetRequiredService<AuditTrail>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await trail.AppendAsync(Entry(Guid.NewGuid(), $"w{worker}-{i}"));
            }
        })));

        var verification = await trail.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(100, verification.Records);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), (await trail.QueryAsync()).Select(r => r.Sequence));
    }

    [Fact]
    public async Task The_database_refuses_updates_and_deletes_of_the_trail()
    {
        await using var h = await WorkflowHarness.StartAsync();
        await AppendAsync(h, 3);
        await using var connection = await h.Services.GetRequiredService<Database>().OpenAsync();

        var update = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE audit_trail SET action = 'viewed' WHERE sequence = 2"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("DELETE FROM audit_trail WHERE sequence = 2"));
        Assert.True((await h.Services.GetRequiredService<AuditTrail>().VerifyAsync()).Intact);
    }

    [Theory]
    [InlineData("UPDATE audit_trail SET action = 'viewed' WHERE sequence = 3", 3, "was changed")]
    [InlineData("DELETE FROM audit_trail WHERE sequence = 2", 2, "is missing")]
    [InlineData("UPDATE audit_trail SET detail = '{\"revision\":\"9\"}' WHERE sequence = 5", 5, "was changed")]
    public async Task Tampering_past_the_guard_is_reported_at_the_first_broken_record(string tamper, long broken, string problem)
    {
        await using var h = await WorkflowHarness.StartAsync();
        await AppendAsync(h, 6);
        await using (var connection = await h.Services.GetRequiredService<Database>().OpenAsync())
        {
            // Someone with the database's owner rights drops the guard first.
            await connection.ExecuteAsync("DROP TRIGGER audit_trail_no_update; DROP TRIGGER audit_trail_no_delete;");
            Assert.Equal(1, await connection.ExecuteAsync(tamper));
        }

        var verification = await h.Services.GetRequiredService<AuditTrail>().VerifyAsync();

        Assert.False(verification.Intact);
        Assert.Equal(broken, verification.FirstBrokenSequence);
        Assert.Contains(problem, verification.Problem, StringComparison.Ordinal);
        Assert.Equal(broken - 1, verification.Records);
    }

    [Fact]
    public async Task A_record_rewritten_with_a_fresh_hash_breaks_the_link_of_the_next_one()
    {
        await using var h = await WorkflowHarness.StartAsync();
        await AppendAsync(h, 6);
        var trail = h.Services.GetRequiredService<AuditTrail>();
        var original = (await trail.QueryAsync()).Single(r => r.Sequence == 4);
        var forged = original with { Agent = "Practitioner/someone-else" };
        forged = forged with { Hash = AuditChain.Hash(forged) };
        await using (var connection = await h.Services.GetRequiredService<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("DROP TRIGGER audit_trail_no_update");
            await connection.ExecuteAsync("UPDATE audit_trail SET agent = @Agent, hash = @Hash WHERE sequence = 4", new { forged.Agent, forged.Hash });
        }

        var verification = await trail.VerifyAsync();

        Assert.Equal((false, 5L), (verification.Intact, verification.FirstBrokenSequence));
        Assert.Contains("does not link to record 4", verification.Problem, StringComparison.Ordinal);
    }

    public static AuditEntry Entry(Guid workflowId, string? sourceKey = null) => new(
        workflowId, KnownAuditActions.Drafted, KnownAuditOutcomes.Success, KnownAuditAgentTypes.Service, KnownAuditServices.Summarization, null,
        new Dictionary<string, string> { [KnownAuditDetails.Engine] = "rules", [KnownAuditDetails.EngineVersion] = "1.0.0", [KnownAuditDetails.Revision] = "1" },
        sourceKey);

    private static async Task AppendAsync(WorkflowHarness h, int count)
    {
        var trail = h.Services.GetRequiredService<AuditTrail>();
        for (var i = 0; i < count; i++)
        {
            await trail.AppendAsync(Entry(Guid.NewGuid()));
        }
    }

    /// <summary>Waits until the trail holds at least <paramref name="count"/> matching records of a workflow.</summary>
    public static async Task<IReadOnlyList<AuditRecord>> AuditedAsync(WorkflowHarness h, Guid workflowId, int count, Func<AuditRecord, bool>? predicate = null)
    {
        var trail = h.Services.GetRequiredService<AuditTrail>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var records = (await trail.QueryAsync(workflowId)).Where(predicate ?? (_ => true)).ToList();
            if (records.Count >= count)
            {
                return records;
            }

            Assert.True(DateTime.UtcNow < until, $"The audit trail holds {records.Count} matching records of {workflowId}, expected {count}: {string.Join(", ", records.Select(r => r.Action))}.");
            await Task.Delay(25);
        }
    }
}
