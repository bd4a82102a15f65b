using System.Diagnostics;
using System.Globalization;
using HealthMesh.IntegrationTests.Distributed;

// Usage: dotnet run -c Release --project tests/HealthMesh.ScaleOut.Benchmarks -- [workflows]
// Needs HEALTHMESH_TEST_RABBITMQ / HEALTHMESH_TEST_POSTGRESQL (as the integration tests) and the service hosts built.
//
// One cluster (sandbox EHR + every service as a process, one RabbitMQ vhost, one PostgreSQL database). Round 1: one
// instance of each service. Round 2: a second instance of De-identification, Summarization, Write-back and the
// Orchestrator joins; the same number of new encounters. Each round: encounters written to the EHR → every workflow
// Completed (drafts approved through the review API as they appear), and notes in the EHR counted.
var workflows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
string[] scaled = ["HealthMesh.Deidentification.Host", "HealthMesh.Summarization.Host", "HealthMesh.WriteBack.Host", "HealthMesh.Orchestrator.Host"];

// Consumers log one line per handled message (ids only) at Information: that line counts each instance's share.
await using var cluster = await DistributedCluster.StartAsync("scalebench", new Dictionary<string, string?>
{
    ["HealthMesh:Transport:PrefetchCount"] = "4",
    ["Logging:LogLevel:HealthMesh"] = "Information",
});
(string Host, string Line)[] handledLines =
[
    ("HealthMesh.Deidentification.Host", ": context de-identified"),
    ("HealthMesh.Summarization.Host", ": draft revision"),
    ("HealthMesh.WriteBack.Host", " note written back as "),
];
// Warm-up (JIT, connection pools, first schema use) outside the measurement, so that round 1 is not penalised by it.
Console.Error.WriteLine("Warm-up: 10 workflows…");
await cluster.CreateEncountersAsync("encounter-01-diabetes-follow-up", 10, "warmup");
await cluster.WaitForCompletedAsync(10, TimeSpan.FromMinutes(15));

var rows = new List<(string Shape, double Seconds, int Notes)>();
for (var round = 1; round <= 2; round++)
{
    if (round == 2)
    {
        foreach (var host in scaled)
        {
            await cluster.StartExtraInstanceAsync(host);
        }
    }

    Console.Error.WriteLine($"Round {round}: {workflows} workflows…");
    var stopwatch = Stopwatch.StartNew();
    await cluster.CreateEncountersAsync("encounter-01-diabetes-follow-up", workflows, $"round{round}");
    await cluster.WaitForCompletedAsync(10 + (workflows * round), TimeSpan.FromMinutes(15));
    stopwatch.Stop();
    var notes = (await cluster.NoteIdentifiersAsync("DocumentReference")).Distinct().Count();
    rows.Add((round == 1 ? "1 instance each" : "2 instances of each consumer + orchestrator", stopwatch.Elapsed.TotalSeconds, notes));
}

Console.WriteLine();
Console.WriteLine($"HealthMesh scale-out: encounter written to the EHR → note written back (approved on arrival), {workflows} workflows per round, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine();
Console.WriteLine("| shape | workflows | seconds | workflows/s | × round 1 | distinct notes in EHR (cumulative) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (shape, seconds, notes) in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {shape} | {workflows} | {seconds:F1} | {workflows / seconds:F2} | {rows[0].Seconds / seconds:F2} | {notes} |"));
}

Console.WriteLine();
Console.WriteLine("Messages handled per instance over the whole run (the second instance joined for round 2):");
Console.WriteLine();
Console.WriteLine("| service | first instance | second instance |");
Console.WriteLine("|---|---:|---:|");
foreach (var (host, line) in handledLines)
{
    var counts = cluster.Instances(host).Select(i => i.Output.Split('\n').Count(l => l.Contains(line, StringComparison.Ordinal))).ToList();
    Console.WriteLine($"| {host} | {counts[0]} | {counts[1]} |");
}
