namespace HealthMesh.Benchmarks;

public sealed record Measurement(int Count, double PerSecond, double P50Milliseconds, double P99Milliseconds);
