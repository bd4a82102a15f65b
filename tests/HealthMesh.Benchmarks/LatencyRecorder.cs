using System.Collections.Concurrent;
using System.Diagnostics;

namespace HealthMesh.Benchmarks;

/// <summary>Start and end timestamps per message id; completes when every expected id has ended.</summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentDictionary<Guid, long> started = new();
    private readonly ConcurrentDictionary<Guid, double> latencies = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> ended = new();
    private TaskCompletionSource completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int expected;
    private long firstStart;
    private long lastEnd;

    public void Reset(int expectedCount)
    {
        started.Clear();
        latencies.Clear();
        ended.Clear();
        expected = expectedCount;
        firstStart = 0;
        lastEnd = 0;
        completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Start(Guid id)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref firstStart, now, 0);
        started[id] = now;
    }

    public void End(Guid id)
    {
        var now = Stopwatch.GetTimestamp();
        if (!started.TryGetValue(id, out var start) || !latencies.TryAdd(id, Stopwatch.GetElapsedTime(start, now).TotalMilliseconds))
        {
            return;
        }

        Interlocked.Exchange(ref lastEnd, now);
        Ended(id).TrySetResult();
        if (latencies.Count == expected)
        {
            completed.TrySetResult();
        }
    }

    /// <summary>
    /// With <paramref name="concurrency"/> 1 (closed loop) waits until <paramref name="id"/> has ended, so the next
    /// message starts on an idle system; with more, returns at once (open loop: a burst of that many publishers).
    /// </summary>
    public Task WaitForEndAsync(Guid id, int concurrency, CancellationToken cancellationToken) =>
        concurrency == 1 ? Ended(id).Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    public async Task<Measurement> WaitAsync(TimeSpan timeout)
    {
        await completed.Task.WaitAsync(timeout);
        var sorted = latencies.Values.Order().ToArray();
        var seconds = Stopwatch.GetElapsedTime(firstStart, lastEnd).TotalSeconds;
        return new Measurement(sorted.Length, sorted.Length / seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private TaskCompletionSource Ended(Guid id) =>
        ended.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
