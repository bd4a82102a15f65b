namespace HealthMesh.Contracts;

/// <param name="ConsentReason">Why the patient's consent stopped the workflow (ConsentDenied, ConsentWithdrawn); null otherwise.</param>
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
    DateTimeOffset UpdatedAt,
    string? ConsentReason = null);
