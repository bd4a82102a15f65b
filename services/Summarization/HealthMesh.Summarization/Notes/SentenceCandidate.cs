using HealthMesh.Contracts;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.Notes;

public sealed record SentenceCandidate(NoteSource Source, SectionedSentence Sentence);
