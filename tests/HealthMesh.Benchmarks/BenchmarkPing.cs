namespace HealthMesh.Benchmarks;

/// <summary>The raw round trip: one small message, published and consumed, nothing else.</summary>
public sealed record BenchmarkPing(Guid Id);
