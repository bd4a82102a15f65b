using System.Diagnostics.Metrics;
using HealthMesh.ServiceDefaults;

namespace HealthMesh.Inference.Runtime;

/// <summary>Inference instruments on the HealthMesh meter. Tags: model name, provider, task; never text.</summary>
public static class InferenceMetrics
{
    public static readonly Counter<long> ExecutionProviderFallbacks = HealthMeshTelemetry.Meter.CreateCounter<long>(
        "healthmesh.inference.execution_provider.fallbacks", description: "Sessions created on CPU although CUDA was configured.");

    public static readonly Histogram<int> BatchSize = HealthMeshTelemetry.Meter.CreateHistogram<int>(
        "healthmesh.inference.batch.size", description: "Sequences per ONNX Runtime run.");

    public static readonly Histogram<double> RunDuration = HealthMeshTelemetry.Meter.CreateHistogram<double>(
        "healthmesh.inference.run.duration", unit: "s", description: "Duration of one ONNX Runtime run (one micro-batch).");
}
