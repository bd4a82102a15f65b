using System.Diagnostics;
using System.Globalization;
using HealthMesh.IntegrationTests.Distributed;
using HealthMesh.Testing;

// Usage: dotnet run -c Release --project tests/HealthMesh.ScaleOut.Benchmarks -- [workflows per round] [prefetch]
// Needs HEALTHMESH_TEST_RABBITMQ / HEALTHMESH_TEST_POSTGRESQL (as the integration tests) and the service hosts built.
// [prefetch] sets HealthMesh:Transport:PrefetchCount for every endpoint; left out, each workflow endpoint prefetches
// as many messages as it processes at once (the shipped default).
//
// One cluster (sandbox EHR + every service as a process, one RabbitMQ vhost, one PostgreSQL database) with two
// instances of De-identification, Summarization, Write-back and the Orchestrator, all started before anything is
// measured. Warm-up until every instance has handled messages (JIT, connection pools, code tables and models loaded).
// Round 1: two instances of each. Then the second instances stop; round 2: one instance of each, as warm as in round 1.
// Each round: encounters written to the EHR → every workflow Completed (drafts approved through the review API as they
// appear), with each instance's share counted from the one line per handled message its consumer logs (ids only).
var workflows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
var prefetch = args.Length > 1 ? args[1] : null;
string[] scaled = ["HealthMesh.Deidentification.Host", "HealthMesh.Summarization.Host", "HealthMesh.WriteBack.Host", "HealthMesh.Orchestrator.Host"];
(string Host, string Column, string Line)[] consumers =
[
    ("HealthMesh.Deidentification.Host", "de-identified", ": context de-identified"),
    ("HealthMesh.Summarization.Host", "drafted", ": draft revision"),
    ("HealthMesh.WriteBack.Host", "written back", " note written back as "),
];

var settings = new Dictionary<string, string?> { ["Logging:LogLevel:HealthMesh"] = "Information" };
if (prefetch is not null)
{
    settings["HealthMesh:Transport:PrefetchCount"] = prefetch;
}

await using var cluster = await DistributedCluster.StartAsync("scalebench", settings);
var extras = new List<ServiceProcess>();
foreach (var host in scaled)
{
    extras.Add(await cluster.StartExtraInstanceAsync(host));
}

var completed = 0;
async Task<(double Seconds, int[][] Handled)> RunAsync(string run, int count)
{
    var before = HandledPerInstance();
    var stopwatch = Stopwatch.StartNew();
    await cluster.CreateEncountersAsync("encounter-01-diabetes-follow-up", count, run);
    completed += count;
    await cluster.WaitForCompletedAsync(completed, TimeSpan.FromMinutes(15));
    stopwatch.Stop();
    var after = HandledPerInstance();
    return (stopwatch.Elapsed.TotalSeconds, after.Select((instances, c) => instances.Select((n, i) => n - before[c].ElementAtOrDefault(i)).ToArray()).ToArray());
}

// Counted over every instance started, the stopped ones included (their output is kept).
int[][] HandledPerInstance() => consumers
    .Select(c => cluster.Instances(c.Host).Select(i => i.Output.Split('\n').Count(l => l.Contains(c.Line, StringComparison.Ordinal))).ToArray())
    .ToArray();

for (var attempt = 1; ; attempt++)
{
    Console.Error.WriteLine($"Warm-up {attempt}: 2×4 workflows…");
    await RunAsync($"warmup{attempt}", 8);
    if (HandledPerInstance().All(c => c.All(n => n > 0)))
    {
        break;
    }

    if (attempt == 3)
    {
        throw new InvalidOperationException($"After 3 warm-ups some instance has handled nothing:\n{cluster.Logs()}");
    }
}

Console.Error.WriteLine($"Round 1, two instances: {workflows} workflows…");
var two = await RunAsync("two", workflows);
foreach (var extra in extras)
{
    // The queues are drained (every workflow Completed): a hard stop loses nothing, and its output stays countable.
    extra.Kill();
}

Console.Error.WriteLine($"Round 2, one instance: {workflows} workflows…");
var one = await RunAsync("one", workflows);
var notes = await cluster.NoteIdentifiersAsync("DocumentReference");
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"HealthMesh scale-out: encounter written to the EHR → note written back (approved on arrival), {workflows} workflows per round, {Environment.ProcessorCount} cores, prefetch {prefetch ?? "= concurrency limit (default)"}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
Console.WriteLine("Both shapes warm (all instances handled messages before round 1); round 1 ran first, so round 2 had the longer JIT warm-up.");
Console.WriteLine();
Console.WriteLine($"| shape | workflows | seconds | workflows/s | × one instance | {string.Join(" | ", consumers.Select(c => $"{c.Column} per instance"))} |");
Console.WriteLine($"|---|---:|---:|---:|---:|{string.Concat(consumers.Select(_ => "---:|"))}");
foreach (var (shape, result) in new[] { ("one instance of each", one), ("two instances of each consumer + orchestrator", two) })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {shape} | {workflows} | {result.Seconds:F1} | {workflows / result.Seconds:F2} | {one.Seconds / result.Seconds:F2} | {string.Join(" | ", result.Handled.Select(h => string.Join(" + ", h)))} |"));
}

Console.WriteLine();
Console.WriteLine("Per instance: first + second instance (the second stopped before the one-instance round).");
var ok = notes.Count == completed && notes.Distinct().Count() == completed;
Console.WriteLine($"Notes in the EHR: {notes.Count} ({notes.Distinct().Count()} distinct) for {completed} workflows, warm-ups included: {(ok ? "none missing, none duplicated" : "MISMATCH")}.");
return ok ? 0 : 1;
