using HealthMesh.Inference.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthMesh.Inference.Health;

/// <summary>
/// Degraded when a model runs on CPU although CUDA was configured (the reason is in the data), healthy otherwise;
/// data lists each loaded model with its version, provider and hash.
/// </summary>
public sealed class InferenceHealthCheck(OnnxModelRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var fallbacks = new List<string>();
        foreach (var model in registry.Loaded)
        {
            data[model.Name] = $"{model.Manifest.Version} {model.Manifest.Task} on {model.Provider.Actual} sha256:{model.ContentHash}";
            if (model.Provider.FellBack)
            {
                data[$"{model.Name}.fallback"] = model.Provider.FallbackReason ?? "unknown";
                fallbacks.Add(model.Name);
            }
        }

        return Task.FromResult(fallbacks.Count > 0
            ? HealthCheckResult.Degraded($"CUDA was configured but {string.Join(", ", fallbacks)} run on CPU.", data: data)
            : HealthCheckResult.Healthy($"{data.Count} model(s) loaded.", data));
    }
}
