namespace HealthMesh.WriteBack.Fhir;

/// <param name="ReviewerReference">The approving person as a FHIR reference (<c>Practitioner/123</c>); required when final.</param>
/// <param name="Date">When the note was approved (final) or drafted (preliminary); also the Provenance's recorded time.</param>
public sealed record NoteAttestation(NoteStatus Status, string? ReviewerReference, DateTimeOffset Date);
