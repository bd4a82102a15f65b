using System.Globalization;
using HealthMesh.Benchmarks;
using HealthMesh.ServiceDefaults.Messaging;

// Usage: dotnet run -c Release --project tests/HealthMesh.Benchmarks -- [workflows] [rabbitmq-uri]
// The RabbitMQ run keeps saga state in PostgreSQL when HEALTHMESH_TEST_POSTGRESQL names a server (the distributed shape).
// Prints one table: the pipeline (event received → draft published: saga + de-identification + summarization) and the
// raw MassTransit publish→consume round trip on the same transport in the same run, which is the ceiling.
var workflows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var rabbitMq = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("HEALTHMESH_TEST_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/";
var postgres = Environment.GetEnvironmentVariable("HEALTHMESH_TEST_POSTGRESQL");

var contexts = SampleContexts.Load();
var rows = new List<(string Transport, string Database, string Scenario, Measurement Result, Measurement Ceiling)>();

foreach (var transport in new[] { TransportKind.InMemory, TransportKind.RabbitMq })
{
    var database = transport == TransportKind.RabbitMq && postgres is not null ? "PostgreSql" : "Sqlite";
    var setup = new BenchmarkSetup(transport, rabbitMq, database);
    Console.Error.WriteLine($"{transport}: raw round trip…");
    var raw = await setup.RunRawRoundTripAsync(Math.Max(workflows * 4, 1000));
    Console.Error.WriteLine($"{transport}: pipeline, {workflows} workflows…");
    var pipeline = await setup.RunPipelineAsync(contexts, workflows);
    rows.Add((transport.ToString(), database, "event → draft", pipeline, raw));
}

Console.WriteLine();
Console.WriteLine($"HealthMesh pipeline benchmark — {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine();
Console.WriteLine("| transport | saga store | scenario | n | per s | p50 ms | p99 ms | raw MT round trip per s | raw p50 ms | raw p99 ms | pipeline ÷ raw |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (transport, database, scenario, result, ceiling) in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {transport} | {database} | {scenario} | {result.Count} | {result.PerSecond:F1} | {result.P50Milliseconds:F1} | {result.P99Milliseconds:F1} | {ceiling.PerSecond:F0} | {ceiling.P50Milliseconds:F2} | {ceiling.P99Milliseconds:F2} | {result.PerSecond / ceiling.PerSecond:P2} |"));
}
