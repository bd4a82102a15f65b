using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using HealthMesh.Intake.Benchmarks;
using HealthMesh.Testing;
using HealthMesh.Testing.FakeEhr;

// Usage: dotnet run -c Release --project tests/HealthMesh.Intake.Benchmarks -- [notifications]
// Needs HEALTHMESH_TEST_RABBITMQ and HEALTHMESH_TEST_POSTGRESQL (HEALTHMESH_TEST_RABBITMQCTL for a virtual host of its own).
//
// Intake: HTTP POST of a Backport full-resource event-notification → journal claim in PostgreSQL → context read from
// the EHR and stored (encrypted) → ClinicalEventReceived published and confirmed by RabbitMQ → journal settled → 200.
// Baseline, same run, same bus, same concurrency: a small message published with a broker confirm, nothing else.
// Each concurrent sender is its own EHR subscription delivering its events in order (event numbers out of order
// would rightly look like gaps and start recoveries).
var notifications = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
const int oneAtATime = 200;
const int warmUp = 50;

var rabbitMq = await TestServers.CreateRabbitMqVirtualHostAsync("intake-bench");
var postgreSql = await TestServers.CreatePostgreSqlDatabaseAsync("intakebench");
await using var ehr = await FakeEhr.StartAsync(Notifications.Patient());
var host = await IntakeBenchmarkHost.StartAsync(rabbitMq, postgreSql, ehr.BaseUrl);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = host.Address };
var eventNumbers = new long[IntakeBenchmarkHost.Subscriptions];
long encounters = 0;
var rows = new List<(string Load, int Concurrency, Measurement Intake, Measurement Raw)>();
try
{
    await RunIntakeAsync(warmUp, 8);
    await RunRawAsync(warmUp * 4, 8);
    foreach (var (load, count, concurrency) in new[] { ("burst", notifications, 16), ("one at a time", oneAtATime, 1) })
    {
        Console.Error.WriteLine($"{load}: raw publish-with-confirm…");
        var raw = await RunRawAsync(concurrency == 1 ? count : count * 4, concurrency);
        Console.Error.WriteLine($"{load}: {count} notifications…");
        var intake = await RunIntakeAsync(count, concurrency);
        rows.Add((load, concurrency, intake, raw));
    }
}
finally
{
    await host.DisposeAsync();
    await TestServers.DropPostgreSqlDatabaseAsync(postgreSql);
}

Console.WriteLine();
Console.WriteLine($"HealthMesh Intake benchmark: notification POST → journaled (PostgreSQL) → published with RabbitMQ confirm → 200, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine();
Console.WriteLine("| load | concurrency | notifications | accepted/s | ack p50 ms | ack p99 ms | raw confirms/s | raw p50 ms | raw p99 ms | accepted ÷ raw |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (load, concurrency, intake, raw) in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {load} | {concurrency} | {intake.Count} | {intake.PerSecond:F1} | {intake.P50Milliseconds:F1} | {intake.P99Milliseconds:F1} | {raw.PerSecond:F0} | {raw.P50Milliseconds:F2} | {raw.P99Milliseconds:F2} | {intake.PerSecond / raw.PerSecond:P1} |"));
}

async Task<Measurement> RunIntakeAsync(int count, int concurrency)
{
    // Sender i delivers subscription i's events in order; the senders run side by side.
    var senders = Enumerable.Range(0, concurrency).Select(sender => (Subscription: IntakeBenchmarkHost.SubscriptionName(sender), Bodies: new List<byte[]>())).ToList();
    for (var i = 0; i < count; i++)
    {
        var sender = i % concurrency;
        var encounter = (Hl7.Fhir.Model.Encounter)ehr.Seed(Notifications.FinishedEncounter($"bench-enc-{++encounters}"));
        senders[sender].Bodies.Add(Notifications.Event(++eventNumbers[sender], encounter, ehr.BaseUrl));
    }

    var expected = host.Counter.Workflows.Count + count;
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var stopwatch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(senders, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (sender, ct) =>
    {
        foreach (var body in sender.Bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/notifications/{sender.Subscription}") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", IntakeBenchmarkHost.Secret);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, ct);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var answer = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode || !answer.Contains("Accepted", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"A notification was answered {(int)response.StatusCode}: {answer}");
            }
        }
    });
    var elapsed = stopwatch.Elapsed;
    await WaitUntilAsync(() => host.Counter.Workflows.Count >= expected, "every accepted notification to reach the broker's queue");
    if (host.Counter.Workflows.Count != expected || host.Counter.Workflows.Values.Any(c => c != 1))
    {
        throw new InvalidOperationException($"Expected {expected} workflows each published once; the queue got {host.Counter.Workflows.Count} ({host.Counter.Workflows.Values.Sum()} messages).");
    }

    return Measurement.From(latencies, elapsed);
}

async Task<Measurement> RunRawAsync(int count, int concurrency)
{
    var expected = host.Counter.Raw + count;
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var stopwatch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
    {
        var started = Stopwatch.GetTimestamp();
        await host.Bus.Publish(new RawPublish(Guid.NewGuid()), ct);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    });
    var elapsed = stopwatch.Elapsed;
    await WaitUntilAsync(() => host.Counter.Raw >= expected, "every raw message to reach its queue");
    return Measurement.From(latencies, elapsed);
}

static async Task WaitUntilAsync(Func<bool> condition, string what)
{
    var deadline = DateTime.UtcNow.AddMinutes(2);
    while (!condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"Timed out waiting for {what}.");
        }

        await Task.Delay(20);
    }
}
