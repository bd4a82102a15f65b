namespace HealthMesh.Summarization.Notes;

/// <summary>The <c>NoteSection.Code</c> values drafts use.</summary>
public static class KnownSections
{
    public const string Subjective = "subjective";
    public const string Objective = "objective";
    public const string Assessment = "assessment";
    public const string Plan = "plan";
    public const string Findings = "findings";
    public const string Impression = "impression";
}
