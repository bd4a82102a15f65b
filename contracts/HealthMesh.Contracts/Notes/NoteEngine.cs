namespace HealthMesh.Contracts;

/// <param name="ContentHash">Hash of the engine's rules/model files, so a draft names exactly what produced it.</param>
public sealed record NoteEngine(string Name, string Version, string ContentHash);
