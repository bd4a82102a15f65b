namespace HealthMesh.WriteBack.Fhir;

/// <summary>Where a note belongs in the EHR: real (not de-identified) relative references.</summary>
/// <param name="SourceReference">The resource the note is about: <c>Encounter/…</c> or <c>DiagnosticReport/…</c>.</param>
/// <param name="EncounterReference">The encounter: the source itself for summaries, the report's encounter (if any) for radiology.</param>
public sealed record ClinicalNoteSubject(string PatientReference, string? EncounterReference, string SourceReference);
