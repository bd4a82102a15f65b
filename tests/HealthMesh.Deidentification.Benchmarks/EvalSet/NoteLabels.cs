namespace HealthMesh.Deidentification.Benchmarks.EvalSet;

/// <summary>The <c>.labels.json</c> of one note.</summary>
/// <param name="Context">File name of the FHIR context Bundle the note belongs to, or null for a note without a record.</param>
/// <param name="Preserve">Words that must survive unchanged: eponyms, drug names, lab names beside PHI.</param>
public sealed record NoteLabels(string Note, string? Context, string Template, IReadOnlyList<PhiLabel> Spans, IReadOnlyList<string> Preserve);
