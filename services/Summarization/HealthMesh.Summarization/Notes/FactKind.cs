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
}
