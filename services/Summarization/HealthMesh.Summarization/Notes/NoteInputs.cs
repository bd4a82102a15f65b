using HealthMesh.Contracts;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Notes;

/// <summary>What a note is built from: the focus resource, the rendered facts and the texts, all as <see cref="NoteSource"/>s.</summary>
public sealed record NoteInputs(Resource Focus, IReadOnlyList<StructuredFact> Facts, IReadOnlyList<NarrativeSource> Narratives)
{
    public IReadOnlyList<NoteSource> Sources => [.. Narratives.Select(n => n.Source), .. Facts.Select(f => f.Source)];
}
