namespace HealthMesh.Inference.Generation;

/// <summary>
/// <c>Beams</c> 1 is greedy decoding. Decoding stops at a manifest stop token, a stop string, the grammar's end, or
/// <c>MaxNewTokens</c> (a grammar-constrained text cut there is closed with the grammar's shortest completion).
/// </summary>
public sealed record GenerationOptions(int MaxNewTokens = 256, int Beams = 1, IReadOnlyList<string>? StopStrings = null);
