namespace HealthMesh.Summarization.Coding;

/// <param name="CaseSensitive">Abbreviations (HTN, SOB) match only as written, so "sob" in prose is not a symptom.</param>
/// <param name="Chronic">A lasting condition: "history of hypertension" means the patient has it; "history of MI" does not.</param>
public sealed record ClinicalTerm(string Term, string Code, bool CaseSensitive, bool Chronic = false);
