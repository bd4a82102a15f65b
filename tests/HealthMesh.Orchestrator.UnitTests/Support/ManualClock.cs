namespace HealthMesh.Orchestrator.UnitTests.Support;

/// <summary>A clock the test moves, so deadlines pass without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
