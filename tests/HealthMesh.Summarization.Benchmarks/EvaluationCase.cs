using HealthMesh.Contracts;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Benchmarks;

/// <summary>One case of the evaluation set: the de-identified context Bundle, the note kind it asks for, and its gold.</summary>
public sealed record EvaluationCase(string Id, NoteKind Kind, Bundle Context, GoldStandard Gold);
