namespace HealthMesh.Summarization.Notes;

public enum FactKind
{
    ReasonForVisit,
    VitalSign,
    Laboratory,
    Observation,
    SocialHistory,
    Condition,
    Medication,
    Procedure,

    /// <summary>A ServiceRequest: a test, imaging study, referral or follow-up ordered.</summary>
    Order,
}
