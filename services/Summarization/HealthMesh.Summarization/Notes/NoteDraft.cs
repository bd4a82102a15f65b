using HealthMesh.Contracts;
using HealthMesh.Summarization.Coding;

namespace HealthMesh.Summarization.Notes;

/// <summary>What a note builder produces before coding is merged: sections, code evidence and flags.</summary>
public sealed record NoteDraft(string Title, IReadOnlyList<NoteSection> Sections, IReadOnlyList<CodeEvidence> CodeEvidence, IReadOnlyList<string> Flags);
