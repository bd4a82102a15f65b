namespace HealthMesh.Contracts;

/// <summary>
/// De-identified source text the note was built from: a note's text, a report's presentedForm, or a rendering of
/// structured data. <paramref name="SourceId"/> is the FHIR reference it came from (e.g. <c>Observation/bp-1</c>).
/// </summary>
public sealed record NoteSource(string SourceId, string Label, string Text);
