using HealthMesh.Contracts;

namespace HealthMesh.Intake.Triggers;

/// <summary>Either the note kind the resource triggers, or why it triggers none (no PHI: statuses and codes only).</summary>
public sealed record TriggerDecision(NoteKind? Kind, string? IgnoredReason)
{
    public static TriggerDecision Trigger(NoteKind kind) => new(kind, null);

    public static TriggerDecision Ignore(string reason) => new(null, reason);
}
