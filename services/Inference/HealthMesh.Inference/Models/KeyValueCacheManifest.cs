namespace HealthMesh.Inference.Models;

/// <summary>
/// Key-value cache tensors of a causal model, one pair per layer, all float <c>[batch, heads, sequence, headSize]</c>;
/// <c>{0}</c> in a pattern is the layer index (the Hugging Face/Optimum export names are the defaults).
/// </summary>
public sealed record KeyValueCacheManifest(
    int Layers,
    string PastKey = "past_key_values.{0}.key",
    string PastValue = "past_key_values.{0}.value",
    string PresentKey = "present.{0}.key",
    string PresentValue = "present.{0}.value");
