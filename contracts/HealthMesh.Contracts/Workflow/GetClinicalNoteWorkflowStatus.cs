namespace HealthMesh.Contracts;

public sealed record GetClinicalNoteWorkflowStatus(Guid WorkflowId);
