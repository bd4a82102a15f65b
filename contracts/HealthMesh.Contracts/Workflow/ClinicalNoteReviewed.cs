namespace HealthMesh.Contracts;

/// <summary>
/// A person decided on a draft. <paramref name="FinalNoteReference"/> names the approved (possibly edited)
/// <see cref="StructuredNote"/>; <paramref name="ReviewedRevision"/> is the draft revision the reviewer saw.
/// </summary>
public sealed record ClinicalNoteReviewed(
    Guid WorkflowId,
    ReviewDecision Decision,
    string ReviewerReference,
    string? FinalNoteReference,
    string? Reason,
    int ReviewedRevision,
    DateTimeOffset ReviewedAt);
