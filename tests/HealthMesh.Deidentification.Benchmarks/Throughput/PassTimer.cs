using System.Diagnostics;

namespace HealthMesh.Deidentification.Benchmarks.Throughput;

/// <summary>Runs a pass over a workload repeatedly on one thread for at least the given time, after one warm-up pass.</summary>
public static class PassTimer
{
    /// <returns>Passes per second.</returns>
    public static double PassesPerSecond(Action pass, TimeSpan atLeast)
    {
        pass();
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
