namespace HealthMesh.Contracts;

/// <param name="Code">Stable section key, e.g. <c>subjective</c>, <c>findings</c>, <c>impression</c>.</param>
public sealed record NoteSection(string Code, string Title, IReadOnlyList<NoteSentence> Sentences);
