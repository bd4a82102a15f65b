namespace HealthMesh.Summarization.Benchmarks;

/// <summary>What a careful reader of one case expects (<c>cases/&lt;id&gt;.gold.json</c>).</summary>
/// <param name="Split"><c>tuning</c> (the engine was improved while looking at these) or <c>held-out</c> (never used to change it).</param>
/// <param name="Codes">ICD-10-CM codes (with the dot) of the present, patient-related findings, most specific the text supports.</param>
/// <param name="CriticalFlags">Flags as the engine writes them (<c>critical-finding:pneumothorax</c>).</param>
/// <param name="Impression">The impression a radiologist would sign; null for encounters.</param>
/// <param name="Traps">Phrases the case holds to catch wrong assertions (documentation only).</param>
public sealed record GoldStandard(string Id, string Kind, string Split, IReadOnlyList<string> Codes, IReadOnlyList<string> CriticalFlags, string? Impression, IReadOnlyList<string> Traps);
