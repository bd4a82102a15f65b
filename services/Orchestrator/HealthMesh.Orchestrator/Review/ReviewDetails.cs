using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Review;

/// <summary>A workflow's review-relevant state and, when one exists, its current de-identified draft.</summary>
public sealed record ReviewDetails(
    Guid WorkflowId,
    string State,
    NoteKind NoteKind,
    string ResourceType,
    string ResourceId,
    string ResourceVersion,
    int Revision,
    ReviewPriority Priority,
    DateTimeOffset? DueAt,
    bool Overdue,
    ReviewDecision? Decision,
    string? Reviewer,
    string? RejectionReason,
    string? FaultStep,
    string? FaultReason,
    StructuredNote? Draft,
    bool Escalated);
