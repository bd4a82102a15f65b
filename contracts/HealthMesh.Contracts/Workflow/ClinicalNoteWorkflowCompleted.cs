namespace HealthMesh.Contracts;

public sealed record ClinicalNoteWorkflowCompleted(Guid WorkflowId, string DocumentReference);
