namespace HealthMesh.Summarization.Coding;

/// <param name="Start">Offset in the source text, not in the sentence.</param>
public sealed record ConceptMention(ClinicalTerm Term, int Start, int Length);
