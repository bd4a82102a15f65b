namespace HealthMesh.Contracts;

public sealed record DraftClinicalNote(Guid WorkflowId, string DeidentifiedContextReference, NoteKind NoteKind, int Revision);
