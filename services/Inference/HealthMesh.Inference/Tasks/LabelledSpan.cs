namespace HealthMesh.Inference.Tasks;

/// <summary>A span of the input text with its entity label (BIO prefixes removed) and the lowest token probability in it.</summary>
public sealed record LabelledSpan(string Label, int Start, int Length, float Score);
