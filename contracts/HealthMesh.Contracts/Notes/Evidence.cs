namespace HealthMesh.Contracts;

/// <summary>A span of a <see cref="NoteSource"/>: character offset and length into its text.</summary>
public sealed record Evidence(string SourceId, int Start, int Length);
