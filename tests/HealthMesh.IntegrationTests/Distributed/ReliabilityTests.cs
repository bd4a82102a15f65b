using System.Net;
using HealthMesh.Testing;
using Hl7.Fhir.Model;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.IntegrationTests.Distributed;

/// <summary>
/// The distributed shape under failure: every service its own process on a real RabbitMQ and PostgreSQL. Each test
/// ends with the same two checks: every workflow completed, and the EHR holds exactly one note per workflow.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class ReliabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Restarting_RabbitMQ_with_100_workflows_in_flight_completes_every_one_once()
    {
        await using var cluster = await DistributedCluster.StartAsync("restart");
        try
        {
            await cluster.CreateEncountersAsync("encounter-01-diabetes-follow-up", 100, "rmq");
            var restarted = false;

            await cluster.WaitForCompletedAsync(100, Timeout, async () =>
            {
                var states = await cluster.WorkflowsByStateAsync();
                if (!restarted && states.Values.Sum() >= 30)
                {
                    restarted = true;
                    output.WriteLine($"Restarting RabbitMQ with workflows in flight: {Describe(states)}");
                    await TestServers.RabbitMqCtlAsync("stop_app");
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    await TestServers.RabbitMqCtlAsync("start_app");
                    await TestServers.RabbitMqCtlAsync("await_startup");
                }
            });

            Assert.True(restarted, "The broker was never restarted: the test did not exercise an outage.");
            await AssertOneNotePerWorkflowAsync(cluster, 100);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    [Fact]
    public async Task A_service_killed_mid_message_gets_the_message_redelivered_and_the_workflow_completes()
    {
        await using var cluster = await DistributedCluster.StartAsync("kill");
        try
        {
            await cluster.CreateEncountersAsync("encounter-03-asthma-exacerbation", 20, "kill");
            await WaitUntilAsync(async () => (await cluster.WorkflowsByStateAsync()).GetValueOrDefault("Drafting") > 0);

            var states = await cluster.WorkflowsByStateAsync();
            output.WriteLine($"Killing Summarization (SIGKILL) with workflows drafting: {Describe(states)}");
            await cluster.KillAsync("HealthMesh.Summarization.Host");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await cluster.StartServiceAsync("HealthMesh.Summarization.Host");

            await cluster.WaitForCompletedAsync(20, Timeout);
            await AssertOneNotePerWorkflowAsync(cluster, 20);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    [Fact]
    public async Task The_same_notification_delivered_three_times_yields_one_note()
    {
        await using var cluster = await DistributedCluster.StartAsync("thrice");
        try
        {
            var report = await cluster.ReadAsync<DiagnosticReport>("DiagnosticReport/sbx-rad-01");
            for (var delivery = 0; delivery < 3; delivery++)
            {
                var response = await cluster.NotifyIntakeAsync(report);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await cluster.WaitForCompletedAsync(1, Timeout);
            Assert.Equal(1, (await cluster.WorkflowsByStateAsync()).Values.Sum());
            await AssertOneNotePerWorkflowAsync(cluster, 1);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
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

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not reached in time.");
            await Task.Delay(100);
        }
    }

    private static string Describe(IReadOnlyDictionary<string, int> states) =>
        string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"));
}
