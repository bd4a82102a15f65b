namespace HealthMesh.Summarization.Coding;

/// <param name="CaseSensitive">Abbreviations (HTN, SOB) match only as written, so "sob" in prose is not a symptom.</param>
public sealed record ClinicalTerm(string Term, string Code, bool CaseSensitive);
