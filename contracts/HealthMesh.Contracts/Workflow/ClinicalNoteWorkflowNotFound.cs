namespace HealthMesh.Contracts;

public sealed record ClinicalNoteWorkflowNotFound(Guid WorkflowId);
