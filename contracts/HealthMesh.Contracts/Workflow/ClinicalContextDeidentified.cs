namespace HealthMesh.Contracts;

/// <summary>The de-identified context (no PHI) is stored under <paramref name="DeidentifiedContextReference"/>.</summary>
public sealed record ClinicalContextDeidentified(
    Guid WorkflowId,
    string DeidentifiedContextReference,
    int IdentifiersReplaced);
