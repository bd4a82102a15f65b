namespace HealthMesh.Contracts;

/// <summary>
/// The answer to <see cref="CheckPatientConsent"/>. <paramref name="Reason"/> names the deciding Consent by reference and
/// the rule that decided (or why no Consent applied), never PHI.
/// </summary>
public sealed record PatientConsentChecked(Guid WorkflowId, bool Permitted, string Reason, DateTimeOffset CheckedAt);
