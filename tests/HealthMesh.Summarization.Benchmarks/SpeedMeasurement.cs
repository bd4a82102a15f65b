using System.Diagnostics;
using HealthMesh.Summarization.Notes;

namespace HealthMesh.Summarization.Benchmarks;

/// <summary>
/// Notes drafted one after another on one thread (so notes per second is per core) and the latency of each, from
/// the parsed context Bundle to the finished draft.
/// </summary>
public sealed record SpeedMeasurement(int Notes, double NotesPerSecondPerCore, double P50Milliseconds, double P99Milliseconds)
{
    public static async Task<SpeedMeasurement> MeasureAsync(IClinicalNoteEngine engine, IReadOnlyList<EvaluationCase> cases, int repetitions)
    {
        foreach (var evaluationCase in cases)
        {
            // Warm-up: JIT, regex construction and caches are not what a running service pays per note.
            await engine.DraftAsync(Evaluator.Request(evaluationCase), CancellationToken.None);
        }

        var latencies = new List<double>(cases.Count * repetitions);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < repetitions; i++)
        {
            foreach (var evaluationCase in cases)
            {
                var started = Stopwatch.GetTimestamp();
                await engine.DraftAsync(Evaluator.Request(evaluationCase), CancellationToken.None);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        total.Stop();
        latencies.Sort();
        return new SpeedMeasurement(latencies.Count, latencies.Count / total.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
