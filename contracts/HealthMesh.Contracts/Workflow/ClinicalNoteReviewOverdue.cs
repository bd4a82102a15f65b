namespace HealthMesh.Contracts;

/// <summary>Escalation: a draft has not been reviewed by its deadline.</summary>
public sealed record ClinicalNoteReviewOverdue(Guid WorkflowId, DateTimeOffset DueAt, ReviewPriority Priority);
