namespace HealthMesh.Contracts;

public sealed record NoteSentence(string Text, IReadOnlyList<Evidence> Evidence);
