namespace HealthMesh.Intake.Benchmarks;

public sealed record Measurement(int Count, double PerSecond, double P50Milliseconds, double P99Milliseconds)
{
    public static Measurement From(IReadOnlyCollection<double> latencies, TimeSpan elapsed)
    {
        var sorted = latencies.Order().ToArray();
        return new Measurement(sorted.Length, sorted.Length / elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
