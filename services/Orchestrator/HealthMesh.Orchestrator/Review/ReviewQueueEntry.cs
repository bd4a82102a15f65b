using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Review;

/// <summary>One draft waiting for review. Ids and references only.</summary>
/// <param name="Overdue">Past its deadline now.</param>
/// <param name="Escalated">The saga has raised <c>ClinicalNoteReviewOverdue</c> for it.</param>
public sealed record ReviewQueueEntry(
    Guid WorkflowId,
    NoteKind NoteKind,
    string ResourceType,
    string ResourceId,
    string ResourceVersion,
    int Revision,
    ReviewPriority Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    bool Escalated);
