namespace HealthMesh.Inference.Models;

/// <summary>The <c>tokenizer</c> block of manifest.json. File names are relative to the model folder.</summary>
public sealed record TokenizerManifest(
    TokenizerKind Kind,
    string Vocabulary,
    string? Merges = null,
    bool LowerCase = true,
    string? UnknownToken = null);
