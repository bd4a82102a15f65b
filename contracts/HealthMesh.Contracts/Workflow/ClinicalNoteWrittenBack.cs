namespace HealthMesh.Contracts;

/// <summary>The EHR holds the note. References are relative FHIR references (e.g. <c>DocumentReference/123</c>).</summary>
public sealed record ClinicalNoteWrittenBack(
    Guid WorkflowId,
    string DocumentReference,
    string CompositionReference,
    string ProvenanceReference,
    bool AlreadyPresent);
