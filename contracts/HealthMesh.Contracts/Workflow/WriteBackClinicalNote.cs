namespace HealthMesh.Contracts;

public sealed record WriteBackClinicalNote(
    Guid WorkflowId,
    string SourceSystem,
    string ResourceType,
    string ResourceId,
    string ResourceVersion,
    string FinalNoteReference,
    string ReviewerReference,
    DateTimeOffset ReviewedAt);
