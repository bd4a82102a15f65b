namespace HealthMesh.Inference.Batching;

/// <summary>How requests are grouped: at most <c>MaxBatchSize</c>, waiting at most <c>MaxWait</c> for company, <c>MaxConcurrentBatches</c> in flight.</summary>
public sealed record MicroBatchingOptions(int MaxBatchSize, TimeSpan MaxWait, int MaxConcurrentBatches);
