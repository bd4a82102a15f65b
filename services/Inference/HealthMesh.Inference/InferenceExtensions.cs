using HealthMesh.Inference.Health;
using HealthMesh.Inference.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Inference;

public static class InferenceExtensions
{
    /// <summary>ONNX Runtime options, the model registry (models loaded and warmed up at start) and the <c>inference</c> health check.</summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        // Several libraries may ask for inference in one host (the all-in-one host): register once.
        if (builder.Services.Any(s => s.ServiceType == typeof(OnnxModelRegistry)))
        {
            return builder;
        }

        builder.Services.AddOptions<InferenceOptions>()
            .BindConfiguration(InferenceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<OnnxSessionFactory>();
        builder.Services.TryAddSingleton<OnnxModelLoader>();
        builder.Services.TryAddSingleton<OnnxModelRegistry>();
        builder.Services.AddHostedService<InferenceWarmUpService>();
        builder.Services.AddHealthChecks().AddCheck<InferenceHealthCheck>("inference");
        return builder;
    }
}
