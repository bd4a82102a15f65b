using HealthMesh.Summarization.Text;

namespace HealthMesh.Inference.Training.Sections;

/// <summary>A sentence of a headed note with the section its heading put it in; <c>Note</c> names the note it came from.</summary>
public sealed record LabelledSentence(string Note, string Text, NoteSectionKind Section, bool HeldOut);
