namespace HealthMesh.Contracts;

/// <summary>
/// Check again, right before write-back, that the patient's consent still permits AI-assisted documentation. The patient
/// is named only inside the encrypted context document <paramref name="ContextReference"/>, so no patient id travels on
/// the bus; Intake, which already reads the EHR, answers with <see cref="PatientConsentChecked"/>.
/// </summary>
public sealed record CheckPatientConsent(Guid WorkflowId, string ContextReference, DateTimeOffset RequestedAt);
