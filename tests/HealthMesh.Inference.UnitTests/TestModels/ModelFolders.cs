using HealthMesh.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HealthMesh.Inference.UnitTests.TestModels;

/// <summary>A temporary folder for model folders, and a loader configured like the service's.</summary>
public sealed class ModelFolders : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("healthmesh-inference-").FullName;

    public static InferenceOptions Options(Action<InferenceOptions>? configure = null)
    {
        var options = new InferenceOptions { IntraOpThreads = 1, MaxBatchWaitMilliseconds = 5 };
        configure?.Invoke(options);
        return options;
    }

    public static OnnxModelLoader Loader(InferenceOptions? options = null)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options ?? Options());
        return new OnnxModelLoader(new OnnxSessionFactory(wrapped, NullLogger<OnnxSessionFactory>.Instance), wrapped, NullLogger<OnnxModelLoader>.Instance);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
