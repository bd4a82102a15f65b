using HealthMesh.Contracts;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.Notes;

/// <summary>A de-identified text (note, report, conclusion) split into sentences that know their section.</summary>
public sealed record NarrativeSource(NoteSource Source, IReadOnlyList<SectionedSentence> Sentences);
