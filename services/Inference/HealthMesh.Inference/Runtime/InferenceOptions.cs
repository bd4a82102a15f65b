using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Inference.Runtime;

/// <summary>ONNX Runtime settings shared by every model. Section <c>HealthMesh:Inference</c>.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "HealthMesh:Inference";

    /// <summary>Where models run. <c>Cuda</c> falls back to CPU (logged, in /health and a metric) when unavailable. Default <c>Cpu</c>.</summary>
    public ExecutionProviderKind ExecutionProvider { get; set; } = ExecutionProviderKind.Cpu;

    /// <summary>CUDA device ordinal when <see cref="ExecutionProvider"/> is <c>Cuda</c>. Default 0.</summary>
    [Range(0, 64)]
    public int CudaDeviceId { get; set; }

    /// <summary>Graph optimisation applied when a session is created. Default <c>All</c>.</summary>
    public GraphOptimization GraphOptimization { get; set; } = GraphOptimization.All;

    /// <summary>Threads inside one operator (0: ONNX Runtime's default, one per physical core). Default 0.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>Threads running independent operators in parallel (0: default; only used by parallel execution). Default 0.</summary>
    [Range(0, 256)]
    public int InterOpThreads { get; set; }

    /// <summary>Run one inference per model at start so the first request does not pay for allocation and kernel selection. Default true.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Most sequences one micro-batch holds. Default 16.</summary>
    [Range(1, 1024)]
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>Longest a request waits for others to join its batch. Default 2 ms.</summary>
    [Range(0, 1000)]
    public double MaxBatchWaitMilliseconds { get; set; } = 2;

    /// <summary>Batches one model runs at the same time (ONNX Runtime sessions are thread-safe). Default 2.</summary>
    [Range(1, 64)]
    public int MaxConcurrentBatches { get; set; } = 2;

    /// <summary>Model name → model folder (model.onnx, manifest.json, tokenizer files). Relative paths resolve against the application directory.</summary>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
}
