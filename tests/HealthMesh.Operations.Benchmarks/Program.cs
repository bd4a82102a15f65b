using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Operations.Replay;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: dotnet run -c Release --project tests/HealthMesh.Operations.Benchmarks -- [messages]
// Needs HEALTHMESH_TEST_RABBITMQ (own virtual host when HEALTHMESH_TEST_RABBITMQCTL is set) and, for the journal in
// PostgreSQL, HEALTHMESH_TEST_POSTGRESQL (own database); SQLite otherwise.
//
// Replay: select N journaled ClinicalEventReceived, read and decrypt their bodies and check their workflows a page at a
// time, publish them marked as a replay (new message id, replay headers) in batches, at the highest rate the replay
// accepts. Raw: publish the same N messages with MassTransit on the same bus, one after another, then in concurrent
// batches of the replay's batch size (the ceiling for replay). All wait for the broker's publisher confirms.
var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var rabbitMq = await TestServers.CreateRabbitMqVirtualHostAsync("hm-replay-bench");
var postgres = Environment.GetEnvironmentVariable(TestServers.PostgreSqlVariable) is { Length: > 0 }
    ? await TestServers.CreatePostgreSqlDatabaseAsync("hm_replay_bench")
    : null;
var directory = Path.Combine(Path.GetTempPath(), "hm-replay-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["HealthMesh:Transport:Kind"] = "RabbitMq",
    ["HealthMesh:Transport:RabbitMqUri"] = rabbitMq,
    ["HealthMesh:Database:Provider"] = postgres is null ? "Sqlite" : "PostgreSql",
    ["HealthMesh:Database:ConnectionString"] = postgres ?? $"Data Source={Path.Combine(directory, "bench.db")}",
    ["HealthMesh:Documents:ActiveKeyId"] = "bench",
    ["HealthMesh:Documents:EncryptionKeys:bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
});
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
builder.AddDatabase();
builder.AddClinicalDocuments();
builder.AddOrchestrator();
// No consumers: both runs measure the sending side, so nothing downstream competes for the two cores.
builder.AddHealthMeshBus(_ => { });
using var host = builder.Build();
await host.StartAsync();

var journal = host.Services.GetRequiredService<MessageJournal>();
var source = "http://benchmark.invalid/fhir";
var events = Enumerable.Range(0, messages).Select(i =>
{
    var id = ClinicalNoteWorkflowId.From(source, "Encounter", $"bench-{i}", "1");
    return new ClinicalEventReceived(id, source, "Encounter", $"bench-{i}", "1", null, NoteKind.EncounterSummary, $"hm-doc:{id:N}/context", DateTimeOffset.UtcNow);
}).ToList();
var seeded = DateTimeOffset.UtcNow.AddSeconds(-1);
Console.Error.WriteLine($"Journaling {messages} events…");
foreach (var message in events)
{
    var now = DateTimeOffset.UtcNow;
    await journal.RecordAsync(new JournalEntry(NewId.NextGuid(), message.WorkflowId, nameof(ClinicalEventReceived), KnownJournalSteps.Intake,
        KnownJournalOutcomes.Succeeded, source, "Encounter", null, now, now, null, null), message);
}

var publisher = host.Services.GetRequiredService<IPublishEndpoint>();
Console.Error.WriteLine("Raw publish…");
var raw = Stopwatch.StartNew();
foreach (var message in events)
{
    await publisher.Publish(message);
}

raw.Stop();

Console.Error.WriteLine("Raw publish in concurrent batches…");
var rawBatched = Stopwatch.StartNew();
foreach (var batch in events.Chunk(ReplayService.MaxPublishBatch))
{
    await Task.WhenAll(batch.Select(message => publisher.Publish(message)));
}

rawBatched.Stop();

Console.Error.WriteLine("Replay from the journal…");
ReplayResult result;
var replay = Stopwatch.StartNew();
using (var scope = host.Services.CreateScope())
{
    result = await scope.ServiceProvider.GetRequiredService<ReplayService>().ReplayAsync(
        new ReplayRequest(KnownReplaySteps.Intake, From: seeded, To: DateTimeOffset.UtcNow.AddSeconds(1), RatePerSecond: ReplayService.MaxRatePerSecond),
        "benchmark");
}

replay.Stop();
await host.StopAsync();
if (postgres is not null)
{
    await TestServers.DropPostgreSqlDatabaseAsync(postgres);
}

Directory.Delete(directory, recursive: true);
if (result.Sent != messages)
{
    Console.Error.WriteLine($"Replay sent {result.Sent} of {messages} ({result.Skipped} skipped): the measurement is not comparable.");
    return 1;
}

Console.WriteLine();
Console.WriteLine($"HealthMesh replay benchmark: {messages} ClinicalEventReceived on RabbitMQ, journal in {(postgres is null ? "SQLite" : "PostgreSQL")}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine();
Console.WriteLine("| run | messages | seconds | messages/s | ÷ raw |");
Console.WriteLine("|---|---:|---:|---:|---:|");
var rawRate = messages / raw.Elapsed.TotalSeconds;
var rawBatchedRate = messages / rawBatched.Elapsed.TotalSeconds;
var replayRate = messages / replay.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| raw MassTransit publish (baseline) | {messages} | {raw.Elapsed.TotalSeconds:F2} | {rawRate:F0} | 100% |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| raw MassTransit publish, concurrent batches of {ReplayService.MaxPublishBatch} | {messages} | {rawBatched.Elapsed.TotalSeconds:F2} | {rawBatchedRate:F0} | {rawBatchedRate / rawRate:P0} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| replay from the journal (select, decrypt, check workflows a page at a time, publish with replay headers in batches) | {messages} | {replay.Elapsed.TotalSeconds:F2} | {replayRate:F0} | {replayRate / rawRate:P0} |"));
return 0;
