namespace HealthMesh.Contracts;

/// <summary>
/// Delete a workflow's re-identification data (the surrogate → real value mapping) now: after the note is written
/// back, or when the patient's consent is withdrawn mid-workflow. <paramref name="Reason"/> names why, never PHI.
/// </summary>
public sealed record PurgeReidentificationData(Guid WorkflowId, string Reason, DateTimeOffset RequestedAt);
