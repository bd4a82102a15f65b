namespace HealthMesh.Contracts;

/// <summary>A de-identified <see cref="StructuredNote"/> draft is stored under <paramref name="DraftReference"/>.</summary>
public sealed record ClinicalNoteDrafted(
    Guid WorkflowId,
    string DraftReference,
    int Revision,
    ReviewPriority Priority,
    string EngineName,
    string EngineVersion);
