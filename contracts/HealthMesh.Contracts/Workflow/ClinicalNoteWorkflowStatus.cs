namespace HealthMesh.Contracts;

public sealed record ClinicalNoteWorkflowStatus(
    Guid WorkflowId,
    string State,
    string SourceSystem,
    string ResourceType,
    string ResourceId,
    string ResourceVersion,
    string? DraftReference,
    int DraftRevision,
    ReviewPriority Priority,
    string? DocumentReference,
    string? FaultStep,
    string? FaultReason,
    int FaultAttempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
