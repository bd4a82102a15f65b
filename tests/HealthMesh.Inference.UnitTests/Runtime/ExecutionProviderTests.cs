using HealthMesh.Inference.Health;
using HealthMesh.Inference.Models;
using HealthMesh.Inference.Runtime;
using HealthMesh.Inference.UnitTests.TestModels;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace HealthMesh.Inference.UnitTests.Runtime;

/// <summary>
/// This build carries the CPU ONNX Runtime package: CUDA configured must fall back to CPU, say why, count it and
/// turn the health check to degraded. (On a GPU build with a device the same configuration gets CUDA.)
/// </summary>
public sealed class ExecutionProviderTests : IDisposable
{
    private readonly ModelFolders _folders = new();

    [Fact]
    public async Task Cuda_on_the_cpu_package_falls_back_to_cpu_with_the_reason_counted_and_shown_in_health()
    {
        var name = $"fallback-{Guid.NewGuid():N}";
        var folder = TinyModels.WriteFolder(_folders.Root, name, TinyModels.SequenceClassification(3), TinyModels.Manifest(ModelTask.SequenceClassification, "logits", TinyModels.SequenceLabels));
        var options = ModelFolders.Options(o =>
        {
            o.ExecutionProvider = ExecutionProviderKind.Cuda;
            o.CudaDeviceId = 0;
            o.Models[name] = folder;
        });
        using var fallbacks = new MeasurementRecorder<long>("healthmesh.inference.execution_provider.fallbacks", name);
        await using var registry = new OnnxModelRegistry(ModelFolders.Loader(options), Microsoft.Extensions.Options.Options.Create(options));

        var model = registry.Get(name);
        var health = await new InferenceHealthCheck(registry).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(new ExecutionProviderSelection(ExecutionProviderKind.Cuda, ExecutionProviderKind.Cpu, 0, model.Provider.FallbackReason), model.Provider);
        Assert.False(string.IsNullOrWhiteSpace(model.Provider.FallbackReason));
        Assert.Equal([1L], fallbacks.Values);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal(model.Provider.FallbackReason, health.Data[$"{name}.fallback"]);
        Assert.NotEmpty(model.RunBatch([model.Encode("patient has fever")])[0].Values);
    }

    [Fact]
    public async Task Cpu_configured_is_cpu_and_healthy()
    {
        var folder = TinyModels.WriteFolder(_folders.Root, "cpu", TinyModels.SequenceClassification(3), TinyModels.Manifest(ModelTask.SequenceClassification, "logits", TinyModels.SequenceLabels));
        var options = ModelFolders.Options(o => o.Models["cpu"] = folder);
        await using var registry = new OnnxModelRegistry(ModelFolders.Loader(options), Microsoft.Extensions.Options.Options.Create(options));

        var model = registry.Get("cpu");
        var health = await new InferenceHealthCheck(registry).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(new ExecutionProviderSelection(ExecutionProviderKind.Cpu, ExecutionProviderKind.Cpu, null, null), model.Provider);
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Warm_up_loads_every_configured_model_and_a_broken_one_stops_the_start()
    {
        var good = TinyModels.WriteFolder(_folders.Root, "good", TinyModels.SequenceClassification(3), TinyModels.Manifest(ModelTask.SequenceClassification, "logits", TinyModels.SequenceLabels));
        var options = ModelFolders.Options(o =>
        {
            o.Models["good"] = good;
            o.Models["broken"] = Path.Combine(_folders.Root, "missing");
        });
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        await using var registry = new OnnxModelRegistry(ModelFolders.Loader(options), wrapped);

        var error = await Assert.ThrowsAsync<ModelContractException>(() => new InferenceWarmUpService(registry, wrapped, NullLogger<InferenceWarmUpService>.Instance).StartAsync(CancellationToken.None));

        Assert.Contains("missing", error.Folder);
        Assert.Contains(registry.Loaded, m => m.Name == "good");
    }

    public void Dispose() => _folders.Dispose();
}
