using HealthMesh.Contracts;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Notes;

/// <summary>One structured item rendered as one line; <see cref="Source"/> holds exactly that line.</summary>
public sealed record StructuredFact(FactKind Kind, NoteSource Source, Resource Resource);
