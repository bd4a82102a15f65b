namespace HealthMesh.Inference.Generation;

/// <summary>The generated text (stop string cut off, forced grammar completion appended), its token ids and why decoding stopped.</summary>
public sealed record GeneratedText(string Text, IReadOnlyList<long> TokenIds, GenerationStop Stop, double LogProbability);
