using System.Text.Json.Serialization;

namespace HealthMesh.Inference.Models;

/// <summary>
/// <c>manifest.json</c> of a model folder (beside <c>model.onnx</c> and the tokenizer files): what the graph computes
/// and under which names. Loading checks it against the graph before the model serves anything.
/// </summary>
public sealed record ModelManifest(
    string Name,
    string Version,
    ModelTask Task,
    int MaxLength,
    TokenizerManifest Tokenizer,
    string Output,
    ModelInputNames? Inputs = null,
    IReadOnlyList<string>? Labels = null,
    KeyValueCacheManifest? Cache = null,
    IReadOnlyList<int>? StopTokenIds = null)
{
    public const string FileName = "manifest.json";
    public const string ModelFileName = "model.onnx";

    [JsonIgnore]
    public ModelInputNames InputNames => Inputs ?? new ModelInputNames();
}
