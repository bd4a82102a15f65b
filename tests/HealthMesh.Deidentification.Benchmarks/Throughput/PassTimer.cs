using System.Diagnostics;

namespace HealthMesh.Deidentification.Benchmarks.Throughput;

/// <summary>
/// Runs a pass over a workload repeatedly on one thread for at least the given time, after warming up for as long
/// (tiered JIT reaches the optimised code of source-generated regexes only after many calls).
/// </summary>
public static class PassTimer
{
    /// <returns>Passes per second.</returns>
    public static double PassesPerSecond(Action pass, TimeSpan atLeast)
    {
        for (var warm = Stopwatch.StartNew(); warm.Elapsed < atLeast;)
        {
            pass();
        }

        var passes = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < atLeast)
        {
            pass();
            passes++;
        }

        return passes / clock.Elapsed.TotalSeconds;
    }
}
