namespace HealthMesh.Summarization.Notes;

/// <summary>The <c>NoteTiming.Stage</c> names drafts carry.</summary>
public static class KnownTimings
{
    public const string ReadInputs = "read-inputs";
    public const string BuildSections = "build-sections";
    public const string ProposeCodes = "propose-codes";

    /// <summary>The whole engine call, as the drafting service measured it (any engine).</summary>
    public const string Engine = "engine";

    /// <summary>The grounding check the drafting service runs on every draft.</summary>
    public const string Grounding = "grounding";
}
