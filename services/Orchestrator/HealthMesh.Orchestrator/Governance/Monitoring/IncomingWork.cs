using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>The shape of one workflow's incoming work, from its first draft: what drift compares.</summary>
/// <param name="SourceWords">Words of de-identified source text the draft was built from.</param>
/// <param name="Sections">Codes of the draft's sections that have sentences.</param>
/// <param name="CodeChapters">ICD-10-CM chapter letter of each proposed code.</param>
public sealed record IncomingWork(
    Guid WorkflowId,
    DateTimeOffset ReceivedAt,
    NoteKind NoteKind,
    int SourceWords,
    IReadOnlyList<string> Sections,
    IReadOnlyList<string> CodeChapters);
