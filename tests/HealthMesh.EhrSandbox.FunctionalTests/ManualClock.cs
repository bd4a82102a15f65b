namespace HealthMesh.EhrSandbox.FunctionalTests;

/// <summary>A clock the test moves, shared by the sandbox and the EHR client so token lifetimes pass without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
