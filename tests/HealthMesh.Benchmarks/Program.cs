using System.Globalization;
using HealthMesh.Benchmarks;
using HealthMesh.ServiceDefaults.Messaging;

// Usage: dotnet run -c Release --project tests/HealthMesh.Benchmarks -- [workflows] [rabbitmq-uri]
// The RabbitMQ run keeps saga state in PostgreSQL when HEALTHMESH_TEST_POSTGRESQL names a server (the distributed shape).
//
// Two loads per transport: a burst (every workflow published at once by 16 publishers: throughput, and latency
// under queueing) and one at a time (the next event only after the previous draft: latency of an idle system).
// Beside each, the raw MassTransit publish→consume round trip under the same load on the same transport: the ceiling.
var workflows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var rabbitMq = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("HEALTHMESH_TEST_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/";
var postgres = Environment.GetEnvironmentVariable("HEALTHMESH_TEST_POSTGRESQL");
const int oneAtATime = 50;

var contexts = SampleContexts.Load();
var rows = new List<(string Transport, string Database, string Load, Measurement Pipeline, Measurement Raw)>();

foreach (var transport in new[] { TransportKind.InMemory, TransportKind.RabbitMq })
{
    var database = transport == TransportKind.RabbitMq && postgres is not null ? "PostgreSql" : "Sqlite";
    var setup = new BenchmarkSetup(transport, rabbitMq, database);
    foreach (var (load, count, concurrency) in new[] { ("burst", workflows, 16), ("one at a time", oneAtATime, 1) })
    {
        Console.Error.WriteLine($"{transport}, {load}: raw round trip…");
        var raw = await setup.RunRawRoundTripAsync(concurrency == 1 ? count : Math.Max(count * 4, 1000), concurrency);
        Console.Error.WriteLine($"{transport}, {load}: pipeline, {count} workflows…");
        var pipeline = await setup.RunPipelineAsync(contexts, count, concurrency);
        rows.Add((transport.ToString(), database, load, pipeline, raw));
    }
}

Console.WriteLine();
Console.WriteLine($"HealthMesh pipeline benchmark: event received → draft published (saga + de-identification + summarization), {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine();
Console.WriteLine("| transport | saga store | load | workflows | workflows/s | p50 ms | p99 ms | raw MT msgs/s | raw p50 ms | raw p99 ms | throughput ÷ raw |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (transport, database, load, pipeline, raw) in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {transport} | {database} | {load} | {pipeline.Count} | {pipeline.PerSecond:F1} | {pipeline.P50Milliseconds:F1} | {pipeline.P99Milliseconds:F1} | {raw.PerSecond:F0} | {raw.P50Milliseconds:F2} | {raw.P99Milliseconds:F2} | {pipeline.PerSecond / raw.PerSecond:P2} |"));
}
