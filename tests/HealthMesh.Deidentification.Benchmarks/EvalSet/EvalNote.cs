using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Benchmarks.EvalSet;

/// <summary>One note of the evaluation set as loaded: its text, labels and, when it has one, its context Bundle.</summary>
public sealed record EvalNote(string Name, string Text, NoteLabels Labels, Bundle? Context);
