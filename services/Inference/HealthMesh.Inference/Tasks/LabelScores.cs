namespace HealthMesh.Inference.Tasks;

/// <summary>Softmax probabilities in the manifest's label order; <c>Label</c> is the most probable.</summary>
public sealed record LabelScores(string Label, float Probability, float[] Probabilities);
