namespace HealthMesh.Contracts;

/// <summary>A newer version of the same source resource started <paramref name="SupersededByWorkflowId"/>.</summary>
public sealed record ClinicalNoteSuperseded(Guid WorkflowId, Guid SupersededByWorkflowId);
