namespace HealthMesh.Intake.Benchmarks;

/// <summary>The baseline: one small message published with a broker confirm to a bound queue, nothing else.</summary>
public sealed record RawPublish(Guid Id);
