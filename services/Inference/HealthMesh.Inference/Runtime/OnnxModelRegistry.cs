using System.Collections.Concurrent;
using HealthMesh.Inference.Models;
using Microsoft.Extensions.Options;

namespace HealthMesh.Inference.Runtime;

/// <summary>The configured models (<c>HealthMesh:Inference:Models</c>), each loaded once and shared.</summary>
public sealed class OnnxModelRegistry(OnnxModelLoader loader, IOptions<InferenceOptions> options) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<OnnxModel>> _models = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> ConfiguredNames => options.Value.Models.Keys;

    public IEnumerable<OnnxModel> Loaded => _models.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

    public bool IsConfigured(string name) => options.Value.Models.ContainsKey(name);

    /// <exception cref="ModelContractException">The model folder cannot be used.</exception>
    public OnnxModel Get(string name)
    {
        if (!options.Value.Models.TryGetValue(name, out var folder))
        {
            throw new KeyNotFoundException($"No model named '{name}' is configured under {InferenceOptions.SectionName}:Models.");
        }

        return _models.GetOrAdd(name, n => new Lazy<OnnxModel>(() => loader.Load(n, folder))).Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var model in Loaded.ToList())
        {
            await model.DisposeAsync().ConfigureAwait(false);
        }
    }
}
