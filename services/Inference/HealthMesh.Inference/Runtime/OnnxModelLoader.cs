using System.Security.Cryptography;
using System.Text.Json;
using HealthMesh.Inference.Batching;
using HealthMesh.Inference.Models;
using HealthMesh.Inference.Tokenization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace HealthMesh.Inference.Runtime;

/// <summary>
/// Loads a model folder: manifest.json, model.onnx (ONNX Runtime session), the tokenizer files; then checks the
/// manifest against the graph's real inputs and outputs. Any problem throws <see cref="ModelContractException"/>
/// listing all of them, and nothing half-loaded is kept.
/// </summary>
public sealed class OnnxModelLoader(OnnxSessionFactory sessions, IOptions<InferenceOptions> options, ILogger<OnnxModelLoader> logger)
{
    public OnnxModel Load(string name, string folder)
    {
        folder = Path.GetFullPath(InferenceOptions.Resolve(folder));
        if (!Directory.Exists(folder))
        {
            throw new ModelContractException(folder, ["the folder does not exist"]);
        }

        var manifestPath = Path.Combine(folder, ModelManifest.FileName);
        var modelPath = Path.Combine(folder, ModelManifest.ModelFileName);
        var missing = new[] { manifestPath, modelPath }.Where(p => !File.Exists(p)).Select(p => $"{Path.GetFileName(p)} is missing").ToList();
        if (missing.Count > 0)
        {
            throw new ModelContractException(folder, missing);
        }

        ModelManifest manifest;
        try
        {
            manifest = ModelManifestReader.Read(manifestPath);
        }
        catch (JsonException e)
        {
            throw new ModelContractException(folder, [$"{ModelManifest.FileName} is not a valid manifest: {e.Message}"], e);
        }

        ModelTokenizer tokenizer;
        try
        {
            tokenizer = ModelTokenizer.Load(folder, manifest.Tokenizer);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or FormatException or JsonException or UnauthorizedAccessException)
        {
            throw new ModelContractException(folder, [$"the {manifest.Tokenizer.Kind} tokenizer cannot be read: {e.Message}"], e);
        }

        var bytes = File.ReadAllBytes(modelPath);
        InferenceSession session;
        ExecutionProviderSelection provider;
        try
        {
            (session, provider) = sessions.Create(name, bytes);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelContractException(folder, [$"{ModelManifest.ModelFileName} is not a model ONNX Runtime can load: {e.Message}"], e);
        }

        var problems = ModelContractValidator.Validate(manifest, session.InputMetadata, session.OutputMetadata);
        if (problems.Count > 0)
        {
            session.Dispose();
            throw new ModelContractException(folder, problems);
        }

        var settings = options.Value;
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        logger.LogInformation("Model {Model} {Version} ({Task}) loaded from {Folder} on {Provider}, sha256 {Hash}", name, manifest.Version, manifest.Task, folder, provider.Actual, hash);
        return new OnnxModel(name, folder, hash, manifest, tokenizer, session, provider,
            new MicroBatchingOptions(settings.MaxBatchSize, TimeSpan.FromMilliseconds(settings.MaxBatchWaitMilliseconds), settings.MaxConcurrentBatches));
    }
}
