namespace HealthMesh.Contracts;

/// <summary>
/// Intake accepted a clinical event but the patient's consent denies AI-assisted documentation: the workflow is recorded
/// and stops at once. No context was stored, so nothing can be de-identified or drafted. <paramref name="Reason"/> names
/// the deciding Consent by reference and the rule that decided, never PHI.
/// </summary>
public sealed record ClinicalEventConsentDenied(
    Guid WorkflowId,
    string SourceSystem,
    string ResourceType,
    string ResourceId,
    string ResourceVersion,
    DateTimeOffset? ResourceLastUpdated,
    NoteKind NoteKind,
    string Reason,
    DateTimeOffset ReceivedAt);
