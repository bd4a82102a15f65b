namespace HealthMesh.Contracts;

public sealed record ClinicalNoteWorkflowFaulted(Guid WorkflowId, string Step, string Reason, int Attempts);
