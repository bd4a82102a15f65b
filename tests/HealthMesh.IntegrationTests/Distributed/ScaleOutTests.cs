using System.Text.RegularExpressions;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.Testing;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.IntegrationTests.Distributed;

/// <summary>
/// Scale-out on real engines: two processes of each consumer service (and of the Orchestrator, whose saga instances
/// then race on one table) on one RabbitMQ virtual host and one PostgreSQL database. Each instance's share is counted
/// from the one line per handled message each consumer logs (ids only).
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed partial class ScaleOutTests(ITestOutputHelper output)
{
    private const int Workflows = 40;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    private static readonly (string Host, Regex Handled)[] Consumers =
    [
        ("HealthMesh.Deidentification.Host", DeidentifiedLine()),
        ("HealthMesh.Summarization.Host", DraftedLine()),
        ("HealthMesh.WriteBack.Host", WrittenBackLine()),
    ];

    [Fact]
    public async Task Two_instances_of_each_consumer_split_the_load_and_every_workflow_completes_with_one_note()
    {
        // The shipped limits, no override: each instance prefetches only what it processes at once.
        await using var cluster = await DistributedCluster.StartAsync("scale", new Dictionary<string, string?>
        {
            ["Logging:LogLevel:HealthMesh"] = "Information",
        });
        try
        {
            foreach (var host in Consumers.Select(c => c.Host).Append("HealthMesh.Orchestrator.Host"))
            {
                await cluster.StartExtraInstanceAsync(host);
            }

            var consumers = await ConsumerPrefetchAsync(cluster);
            output.WriteLine($"Consumers (queue: prefetch each): {string.Join("; ", consumers.Select(c => $"{c.Key}: {string.Join(", ", c.Value)}"))}");
            Assert.Equal([Environment.ProcessorCount, Environment.ProcessorCount], consumers[KnownQueues.DeidentifyClinicalContext]);
            Assert.Equal([Environment.ProcessorCount, Environment.ProcessorCount], consumers[KnownQueues.DraftClinicalNote]);
            Assert.Equal([8, 8], consumers[KnownQueues.WriteBackClinicalNote]);
            Assert.Equal([16, 16], consumers[KnownQueues.ClinicalNoteWorkflow]);

            await cluster.CreateEncountersAsync("encounter-01-diabetes-follow-up", Workflows, "scale");
            await cluster.WaitForCompletedAsync(Workflows, Timeout);

            var states = await cluster.WorkflowsByStateAsync();
            Assert.Equal(new Dictionary<string, int> { ["Completed"] = Workflows }, states);

            foreach (var (host, handled) in Consumers)
            {
                var perInstance = cluster.Instances(host).Select(i => handled.Matches(i.Output).Select(m => m.Groups["workflow"].Value).ToList()).ToList();
                output.WriteLine($"{host}: {string.Join(" + ", perInstance.Select(p => p.Count))} messages handled");
                Assert.Equal(2, perInstance.Count);
                Assert.All(perInstance, p => Assert.NotEmpty(p));
                // Every workflow's step ran; a step may run twice only as a redelivery, never as a second note (below).
                Assert.Equal(Workflows, perInstance.SelectMany(p => p).Distinct().Count());
            }

            foreach (var type in new[] { "DocumentReference", "Composition" })
            {
                var identifiers = await cluster.NoteIdentifiersAsync(type);
                Assert.Equal(Workflows, identifiers.Count);
                Assert.Equal(Workflows, identifiers.Distinct().Count());
            }
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    /// <summary>Each consumer of the cluster's queues, as the broker sees it: queue → the prefetch of each consumer.</summary>
    private static async Task<Dictionary<string, int[]>> ConsumerPrefetchAsync(DistributedCluster cluster)
    {
        var listing = await TestServers.RabbitMqCtlAsync("list_consumers", "-p", cluster.RabbitMqVirtualHost, "--quiet", "--no-table-headers", "queue_name", "prefetch_count");
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && int.TryParse(fields[1], out _))
            .GroupBy(fields => fields[0], fields => int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    [GeneratedRegex(@"Workflow (?<workflow>[0-9a-f-]{36}): context de-identified")]
    private static partial Regex DeidentifiedLine();

    [GeneratedRegex(@"Workflow (?<workflow>[0-9a-f-]{36}): draft revision \d+ stored")]
    private static partial Regex DraftedLine();

    [GeneratedRegex(@"Workflow (?<workflow>[0-9a-f-]{36}) note written back as")]
    private static partial Regex WrittenBackLine();
}
