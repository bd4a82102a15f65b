namespace HealthMesh.Contracts;

/// <summary>
/// The coarse demographic group of a workflow's patient, derived by De-identification (the only service that sees the
/// Patient) for fairness monitoring in the Orchestrator. Never part of anything the drafting engine receives. Each part
/// is null where the EHR did not record it.
/// </summary>
/// <param name="Sex">Administrative gender code (<c>female</c>, <c>male</c>, <c>other</c>, <c>unknown</c>).</param>
/// <param name="AgeBand">Age at the event in bands: <c>0-17</c>, <c>18-44</c>, <c>45-64</c>, <c>65-89</c>, <c>90+</c>.</param>
/// <param name="Language">Preferred language's primary subtag (BCP-47, lower case), e.g. <c>en</c>, <c>es</c>.</param>
/// <param name="Race">US Core OMB race category display, or <c>Multiple</c> when more than one is recorded.</param>
/// <param name="Ethnicity">US Core OMB ethnicity category display.</param>
public sealed record PatientGroup(string? Sex, string? AgeBand, string? Language, string? Race, string? Ethnicity);
