namespace HealthMesh.Contracts;

/// <summary>The de-identified context (no PHI) is stored under <paramref name="DeidentifiedContextReference"/>.</summary>
/// <param name="PatientGroup">The patient's coarse demographic group, for fairness monitoring only: the saga does not pass it on.</param>
public sealed record ClinicalContextDeidentified(
    Guid WorkflowId,
    string DeidentifiedContextReference,
    int IdentifiersReplaced,
    PatientGroup? PatientGroup = null);
