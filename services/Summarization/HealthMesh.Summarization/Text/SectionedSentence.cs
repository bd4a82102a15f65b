namespace HealthMesh.Summarization.Text;

public readonly record struct SectionedSentence(NoteSectionKind Section, TextSpan Span);
