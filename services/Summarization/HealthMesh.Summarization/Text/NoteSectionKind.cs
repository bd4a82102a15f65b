namespace HealthMesh.Summarization.Text;

/// <summary>Where a sentence stands in a headed note (after the sectionizer).</summary>
public enum NoteSectionKind
{
    /// <summary>Text before the first heading of a headed note (demographics, dates): not summarised.</summary>
    Preamble,
    ChiefComplaint,
    HistoryOfPresentIllness,
    ReviewOfSystems,
    PastHistory,
    FamilyHistory,
    SocialHistory,
    Medications,
    Exam,
    Assessment,
    AssessmentAndPlan,
    Plan,
    Indication,
    Technique,
    Comparison,
    Findings,
    Impression,
}
