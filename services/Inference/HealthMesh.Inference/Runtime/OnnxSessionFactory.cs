using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace HealthMesh.Inference.Runtime;

/// <summary>
/// Creates sessions with the configured provider, threads and optimisation. CUDA that cannot be had — the CPU
/// package has no CUDA entry point (<see cref="EntryPointNotFoundException"/>), or the CUDA/cuDNN libraries or the
/// device are missing (<see cref="OnnxRuntimeException"/>) — falls back to CPU with the reason logged and counted.
/// </summary>
public sealed class OnnxSessionFactory(IOptions<InferenceOptions> options, ILogger<OnnxSessionFactory> logger)
{
    public (InferenceSession Session, ExecutionProviderSelection Provider) Create(string modelName, byte[] model)
    {
        var settings = options.Value;
        var (sessionOptions, provider) = CreateOptions(settings);
        if (provider.FellBack)
        {
            logger.LogWarning("Model {Model}: CUDA device {DeviceId} was configured but the session runs on CPU: {Reason}", modelName, settings.CudaDeviceId, provider.FallbackReason);
            InferenceMetrics.ExecutionProviderFallbacks.Add(1, new KeyValuePair<string, object?>("model", modelName), new KeyValuePair<string, object?>("reason", provider.FallbackReason));
        }

        using (sessionOptions)
        {
            return (new InferenceSession(model, sessionOptions), provider);
        }
    }

    public static (SessionOptions Options, ExecutionProviderSelection Provider) CreateOptions(InferenceOptions settings)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = settings.GraphOptimization switch
            {
                GraphOptimization.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            IntraOpNumThreads = settings.IntraOpThreads,
            InterOpNumThreads = settings.InterOpThreads,
        };

        if (settings.ExecutionProvider != ExecutionProviderKind.Cuda)
        {
            return (sessionOptions, new ExecutionProviderSelection(ExecutionProviderKind.Cpu, ExecutionProviderKind.Cpu, null, null));
        }

        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(settings.CudaDeviceId);
            return (sessionOptions, new ExecutionProviderSelection(ExecutionProviderKind.Cuda, ExecutionProviderKind.Cuda, settings.CudaDeviceId, null));
        }
        catch (EntryPointNotFoundException)
        {
            return (sessionOptions, Fallback(settings, "this build carries the CPU-only ONNX Runtime package (build with -p:OnnxRuntimeGpu=true for CUDA)"));
        }
        catch (OnnxRuntimeException e)
        {
            return (sessionOptions, Fallback(settings, $"ONNX Runtime could not start CUDA: {e.Message}"));
        }
    }

    private static ExecutionProviderSelection Fallback(InferenceOptions settings, string reason) =>
        new(ExecutionProviderKind.Cuda, ExecutionProviderKind.Cpu, settings.CudaDeviceId, reason);
}
