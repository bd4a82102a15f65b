using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Review;

/// <summary>One draft waiting for review. Ids and references only.</summary>
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
    bool Overdue);
