using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthMesh.Inference.Models;

/// <summary>Reads manifest.json (camelCase, enums by name, comments allowed).</summary>
public static class ModelManifestReader
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static ModelManifest Read(string path) =>
        JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), Json) ?? throw new JsonException("the manifest is the JSON literal null");

    public static string Write(ModelManifest manifest) => JsonSerializer.Serialize(manifest, Json);
}
