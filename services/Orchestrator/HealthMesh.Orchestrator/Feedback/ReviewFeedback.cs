using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Feedback;

/// <summary>
/// One decision kept for evaluation and fine-tuning: the de-identified draft, the approved note (none for a rejection
/// or regeneration), the diff and the time from first opening to the decision. <paramref name="FeedbackId"/> is
/// random, so the export carries no workflow id (which derives from the EHR resource's id).
/// </summary>
public sealed record ReviewFeedback(
    Guid FeedbackId,
    Guid WorkflowId,
    int Revision,
    NoteKind NoteKind,
    ReviewDecision Decision,
    string EngineName,
    string EngineVersion,
    DateTimeOffset? OpenedAt,
    DateTimeOffset DecidedAt,
    StructuredNote Draft,
    StructuredNote? Final,
    FeedbackDiff? Diff,
    string? Reason)
{
    /// <summary>Seconds from the first opening of the draft by a reviewer to the decision; null if it was decided unopened (API, CLI).</summary>
    public double? SecondsSpent => OpenedAt is { } opened ? Math.Max(0, (DecidedAt - opened).TotalSeconds) : null;
}
