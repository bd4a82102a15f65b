using System.Diagnostics;
using System.Globalization;
using HealthMesh.Inference.Benchmarks;
using HealthMesh.Inference.Runtime;
using HealthMesh.Inference.Tokenization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Usage: dotnet run -c Release --project tests/HealthMesh.Inference.Benchmarks [-- seconds-per-row [clients [intra-op-threads [cuda]]]]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
var providers = args.Length > 3 && args[3] == "cuda" ? new[] { ExecutionProviderKind.Cpu, ExecutionProviderKind.Cuda } : [ExecutionProviderKind.Cpu];

var root = Directory.CreateTempSubdirectory("healthmesh-inference-bench-").FullName;
try
{
    Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, intra-op threads {(threads == 0 ? "default" : threads)}; {clients} closed-loop clients, {seconds:F1} s per row; sequences 8–60 tokens (buckets 8…64)");

    foreach (var (benchmarkModel, provider) in new[] { BenchmarkModel.Small, BenchmarkModel.Base }.SelectMany(m => providers.Select(p => (m, p))))
    {
        var folder = benchmarkModel.Write(root);
        await using var model = LoadModel(folder, provider, threads, 16, 2, out var memory);
        Console.WriteLine();
        Console.WriteLine($"== {benchmarkModel} ({new FileInfo(Path.Combine(folder, "model.onnx")).Length / 1e6:F1} MB) on {provider} (session on {model.Provider.Actual}{(model.Provider.FellBack ? $"; fell back: {model.Provider.FallbackReason}" : "")}) ==");
        Console.WriteLine($"Memory per session (working set growth on load + first run): {memory / 1e6:F0} MB");
        var texts = Texts(4096, benchmarkModel.Vocabulary);
        var encoded = texts.Select(model.Encode).ToArray();

        Console.WriteLine();
        Console.WriteLine("Offline: one ONNX Runtime run per batch (same bucket, 32 tokens)");
        Console.WriteLine("| batch size | sequences/s | p50 ms/run | p99 ms/run |");
        Console.WriteLine("|---:|---:|---:|---:|");
        var same = encoded.Where(e => model.Bucket(e.Ids.Length) == 32).ToArray();
        foreach (var size in new[] { 1, 2, 4, 8, 16, 32 })
        {
            var times = new List<double>();
            var done = 0;
            var clock = Stopwatch.StartNew();
            var i = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var batch = Enumerable.Range(0, size).Select(k => same[(i + k) % same.Length]).ToArray();
                i += size;
                var started = Stopwatch.GetTimestamp();
                model.RunBatch(batch);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                done += size;
            }

            Console.WriteLine($"| {size} | {done / clock.Elapsed.TotalSeconds:F0} | {Percentile(times, 0.5):F2} | {Percentile(times, 0.99):F2} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Online: {clients} concurrent callers, mixed lengths; one-at-a-time = every request its own run (the session shared, thread-safe)");
        Console.WriteLine("| mode | max batch | requests/s | p50 ms | p99 ms | × one-at-a-time |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var baseline = await Drive(clients, seconds, encoded, e => Task.Run(() => model.RunBatch([e])[0]));
        Console.WriteLine($"| one-at-a-time | 1 | {baseline.Throughput:F0} | {baseline.P50:F2} | {baseline.P99:F2} | 1.00 |");
        foreach (var maxBatch in new[] { 4, 8, 16, 32 })
        {
            await using var batched = LoadModel(folder, provider, threads, maxBatch, 2, out _);
            var result = await Drive(clients, seconds, encoded, e => batched.RunAsync(e, CancellationToken.None));
            Console.WriteLine($"| micro-batched (wait 2 ms) | {maxBatch} | {result.Throughput:F0} | {result.P50:F2} | {result.P99:F2} | {result.Throughput / baseline.Throughput:F2} |");
        }
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}

static OnnxModel LoadModel(string folder, ExecutionProviderKind provider, int threads, int maxBatch, double waitMs, out long memory)
{
    var options = Options.Create(new InferenceOptions
    {
        ExecutionProvider = provider,
        IntraOpThreads = threads,
        MaxBatchSize = maxBatch,
        MaxBatchWaitMilliseconds = waitMs,
        MaxConcurrentBatches = 2,
    });
    GC.Collect();
    GC.WaitForPendingFinalizers();
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    var before = process.WorkingSet64;
    var model = new OnnxModelLoader(new OnnxSessionFactory(options, NullLogger<OnnxSessionFactory>.Instance), options, NullLogger<OnnxModelLoader>.Instance).Load("benchmark", folder);
    model.RunBatch([model.Encode("w1 w2 w3")]);
    GC.Collect();
    process.Refresh();
    memory = process.WorkingSet64 - before;
    return model;
}

static async Task<(double Throughput, double P50, double P99)> Drive(int clients, double seconds, EncodedText[] encoded, Func<EncodedText, Task<SequenceOutput>> run)
{
    // Warm-up pass so both modes start with the same allocated arenas.
    await Task.WhenAll(encoded.Take(64).Select(run));
    var latencies = new List<double>[clients];
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        latencies[c] = [];
        var i = c;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var started = Stopwatch.GetTimestamp();
            await run(encoded[i % encoded.Length]);
            latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            i += clients;
        }
    }));
    var all = latencies.SelectMany(l => l).ToList();
    return (all.Count / clock.Elapsed.TotalSeconds, Percentile(all, 0.5), Percentile(all, 0.99));
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

static string[] Texts(int count, int vocabulary)
{
    var random = new Random(5);
    return [.. Enumerable.Range(0, count).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(6, 59)).Select(_ => $"w{random.Next(vocabulary - 5)}")))];
}
