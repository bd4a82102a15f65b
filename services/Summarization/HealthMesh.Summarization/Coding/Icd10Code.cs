namespace HealthMesh.Summarization.Coding;

/// <param name="Code">With the dot, as written in notes and FHIR (<c>E11.65</c>).</param>
/// <param name="Billable">Header flag 1 of the order file: a valid code for a claim; 0 rows are category headers.</param>
public sealed record Icd10Code(string Code, bool Billable, string ShortDescription, string LongDescription);
