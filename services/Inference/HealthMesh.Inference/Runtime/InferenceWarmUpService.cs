using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Inference.Runtime;

/// <summary>
/// Loads every configured model at start (a broken model folder stops the host with the loader's message) and,
/// when <see cref="InferenceOptions.WarmUp"/> is set, runs one short sequence through each.
/// </summary>
public sealed class InferenceWarmUpService(OnnxModelRegistry registry, IOptions<InferenceOptions> options, ILogger<InferenceWarmUpService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in registry.ConfiguredNames)
        {
            var model = registry.Get(name);
            if (options.Value.WarmUp && model.Manifest.Task != Models.ModelTask.CausalGeneration)
            {
                var started = TimeProvider.System.GetTimestamp();
                await model.RunAsync(model.Encode("warm up"), cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Model {Model} warmed up in {Milliseconds:F0} ms", name, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
