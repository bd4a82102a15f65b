namespace HealthMesh.Contracts;

public sealed record DeidentifyClinicalContext(Guid WorkflowId, string ContextReference, NoteKind NoteKind);
