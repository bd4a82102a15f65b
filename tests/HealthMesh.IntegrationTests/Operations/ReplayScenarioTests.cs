using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using HealthMesh.Contracts;
using HealthMesh.IntegrationTests.Distributed;
using HealthMesh.Orchestrator.Operations.Replay;
using HealthMesh.Orchestrator.Persistence;
using Npgsql;
using Xunit.Abstractions;

namespace HealthMesh.IntegrationTests.Operations;

/// <summary>
/// Replay on the distributed shape (every service its own process, RabbitMQ vhost and PostgreSQL database of its own),
/// through the Orchestrator's operator API. Each test ends with the chart check: exactly one note per workflow.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class ReplayScenarioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Replaying_a_day_of_events_twice_writes_no_second_note()
    {
        await using var cluster = await DistributedCluster.StartAsync("replay2x");
        try
        {
            var start = DateTimeOffset.UtcNow.AddMinutes(-1);
            await cluster.CreateEncountersAsync("encounter-01-diabetes-follow-up", 5, "day");
            await cluster.WaitForCompletedAsync(5, Timeout);

            var batches = new List<Guid>();
            for (var round = 0; round < 2; round++)
            {
                var before = DateTimeOffset.UtcNow;
                var result = await ReplayAsync(cluster, new ReplayRequest(KnownReplaySteps.Intake, From: start, To: DateTimeOffset.UtcNow, MessageType: nameof(ClinicalEventReceived), RatePerSecond: 20));
                Assert.Equal((5, 0), (result.Sent, result.Skipped));
                batches.Add(result.BatchId);
                await WaitUntilAsync(cluster, async () => await CompletedSinceAsync(cluster, before) >= 5);
            }

            await AssertOneNotePerWorkflowAsync(cluster, 5);
            await using var connection = new NpgsqlConnection(cluster.DatabaseConnectionString);
            var replays = (await connection.QueryAsync<string>("SELECT replay_batch FROM message_journal WHERE outcome = 'replay-requested'")).ToList();
            Assert.Equal(10, replays.Count);
            Assert.Equal(batches.Select(b => b.ToString()).Order(), replays.Distinct().Order());
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    [Fact]
    public async Task Replaying_write_back_after_an_EHR_outage_writes_every_note_once()
    {
        await using var cluster = await DistributedCluster.StartAsync("outage");
        try
        {
            var start = DateTimeOffset.UtcNow.AddMinutes(-1);
            await cluster.KillAsync("HealthMesh.WriteBack.Host");
            await cluster.StartServiceAsync("HealthMesh.WriteBack.Host", new Dictionary<string, string?>
            {
                ["HealthMesh:Ehr:BaseUrl"] = "http://127.0.0.1:9/fhir",
                ["HealthMesh:WriteBack:RetryLimit"] = "1",
                ["HealthMesh:WriteBack:RetryMinInterval"] = "00:00:00.200",
                ["HealthMesh:WriteBack:RetryMaxInterval"] = "00:00:01",
            });
            await cluster.CreateEncountersAsync("encounter-03-asthma-exacerbation", 5, "outage");
            await WaitUntilAsync(cluster, async () => (await cluster.WorkflowsByStateAsync()).GetValueOrDefault("Faulted") >= 5);

            await cluster.KillAsync("HealthMesh.WriteBack.Host");
            await cluster.StartServiceAsync("HealthMesh.WriteBack.Host");
            var dryRun = await ReplayAsync(cluster, new ReplayRequest(KnownReplaySteps.WriteBack, From: start, Outcome: "faulted", Step: KnownReplaySteps.WriteBack, DryRun: true));
            Assert.Equal(5, dryRun.Items.Count(i => i.SkipReason is null));
            var replay = await ReplayAsync(cluster, new ReplayRequest(KnownReplaySteps.WriteBack, From: start, Outcome: "faulted", Step: KnownReplaySteps.WriteBack));
            Assert.Equal(5, replay.Sent);
            await cluster.WaitForCompletedAsync(5, Timeout);
            await AssertOneNotePerWorkflowAsync(cluster, 5);

            // Replaying write-back once more (a second operator, a retried script) finds every note already there.
            var before = DateTimeOffset.UtcNow;
            Assert.Equal(5, (await ReplayAsync(cluster, new ReplayRequest(KnownReplaySteps.WriteBack, From: start, MessageType: nameof(ClinicalNoteWrittenBack)))).Sent);
            await WaitUntilAsync(cluster, async () => await CompletedSinceAsync(cluster, before) >= 5);
            await AssertOneNotePerWorkflowAsync(cluster, 5);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    [Fact]
    public async Task Replaying_drafts_after_a_model_change_supersedes_reviewed_drafts_only_when_asked()
    {
        await using var cluster = await DistributedCluster.StartAsync("model");
        try
        {
            var start = DateTimeOffset.UtcNow.AddMinutes(-1);
            await cluster.CreateEncountersAsync("encounter-01-diabetes-follow-up", 4, "model");
            await WaitUntilAsync(cluster, async () => (await cluster.WorkflowsByStateAsync()).GetValueOrDefault("AwaitingReview") >= 4, approve: false);
            var queue = await QueueAsync(cluster);
            var reviewed = queue.Take(2).Select(q => q.WorkflowId).ToList();
            var waiting = queue.Skip(2).Select(q => q.WorkflowId).ToList();
            foreach (var id in reviewed)
            {
                await cluster.Api.PostAsJsonAsync(new Uri(cluster.Orchestrator.BaseAddress, $"api/reviews/{id}/approve"), new { reviewer = "Practitioner/reliability", expectedRevision = 1 });
            }

            await WaitUntilAsync(cluster, async () => (await cluster.WorkflowsByStateAsync()).GetValueOrDefault("Completed") >= 2, approve: false);

            await cluster.KillAsync("HealthMesh.Summarization.Host");
            await cluster.StartServiceAsync("HealthMesh.Summarization.Host", new Dictionary<string, string?> { ["HealthMesh:Summarization:MaxSentencesPerSection"] = "2" });

            var redraft = await ReplayAsync(cluster, new ReplayRequest(KnownReplaySteps.Draft, From: start));
            Assert.Equal((2, 2), (redraft.Sent, redraft.Skipped));
            Assert.All(redraft.Items.Where(i => i.SkipReason is not null), i => Assert.Contains(i.WorkflowId, reviewed));
            await WaitUntilAsync(cluster, async () => (await RevisionsAsync(cluster, waiting)).All(r => r is ("AwaitingReview", 2)), approve: false);
            Assert.All(await RevisionsAsync(cluster, reviewed), r => Assert.Equal(("Completed", 1), r));

            var superseding = await ReplayAsync(cluster, new ReplayRequest(KnownReplaySteps.Draft, WorkflowIds: reviewed, SupersedeReviewed: true));
            Assert.Equal(2, superseding.Sent);
            await WaitUntilAsync(cluster, async () => (await RevisionsAsync(cluster, reviewed)).All(r => r is ("AwaitingReview", 2)), approve: false);

            await cluster.WaitForCompletedAsync(4, Timeout);
            await AssertOneNotePerWorkflowAsync(cluster, 4);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    private static async Task<ReplayResult> ReplayAsync(DistributedCluster cluster, ReplayRequest request)
    {
        var response = await cluster.Api.PostAsJsonAsync(new Uri(cluster.Orchestrator.BaseAddress, "api/replay"), request, Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ReplayResult>(Json))!;
    }

    private static async Task<List<QueueEntry>> QueueAsync(DistributedCluster cluster) =>
        await cluster.Api.GetFromJsonAsync<List<QueueEntry>>(new Uri(cluster.Orchestrator.BaseAddress, "api/reviews?limit=500"), Json) ?? [];

    private static async Task<List<(string State, int Revision)>> RevisionsAsync(DistributedCluster cluster, IEnumerable<Guid> ids)
    {
        var revisions = new List<(string, int)>();
        foreach (var id in ids)
        {
            var status = await cluster.Api.GetFromJsonAsync<ClinicalNoteWorkflowStatus>(new Uri(cluster.Orchestrator.BaseAddress, $"api/workflows/{id}"), Json);
            revisions.Add((status!.State, status.DraftRevision));
        }

        return revisions;
    }

    /// <summary>Workflows whose completion was journaled at or after <paramref name="since"/>.</summary>
    private static async Task<int> CompletedSinceAsync(DistributedCluster cluster, DateTimeOffset since)
    {
        await using var connection = new NpgsqlConnection(cluster.DatabaseConnectionString);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(DISTINCT workflow_id)::int FROM message_journal WHERE message_type = 'ClinicalNoteWorkflowCompleted' AND sent_at >= @Since",
            new { Since = SqlTime.Format(since) });
    }

    private static async Task WaitUntilAsync(DistributedCluster cluster, Func<Task<bool>> condition, bool approve = true)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition was not reached in time; states: {string.Join(", ", (await cluster.WorkflowsByStateAsync()).Select(s => $"{s.Key}={s.Value}"))}");
            if (approve)
            {
                await cluster.ApproveWaitingAsync();
            }

            await Task.Delay(500);
        }
    }

    private static async Task AssertOneNotePerWorkflowAsync(DistributedCluster cluster, int workflows)
    {
        foreach (var type in new[] { "DocumentReference", "Composition" })
        {
            var identifiers = await cluster.NoteIdentifiersAsync(type);
            Assert.Equal(workflows, identifiers.Count);
            Assert.Equal(workflows, identifiers.Distinct().Count());
        }
    }

    private sealed record QueueEntry(Guid WorkflowId, int Revision);
}
