namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>The distributions of incoming work drift compares.</summary>
public static class KnownDistributions
{
    public const string NoteKind = "note-kind";
    public const string NoteLength = "note-length";
    public const string SectionMix = "section-mix";
    public const string CodeMix = "code-mix";

    public static readonly IReadOnlyList<string> All = [NoteKind, NoteLength, SectionMix, CodeMix];
}
