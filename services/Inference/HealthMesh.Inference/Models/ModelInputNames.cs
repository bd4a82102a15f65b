namespace HealthMesh.Inference.Models;

/// <summary>Graph input names (int64, <c>[batch, sequence]</c>). <c>TokenTypeIds</c> only for graphs that take it (BERT).</summary>
public sealed record ModelInputNames(string InputIds = "input_ids", string? AttentionMask = "attention_mask", string? TokenTypeIds = null);
