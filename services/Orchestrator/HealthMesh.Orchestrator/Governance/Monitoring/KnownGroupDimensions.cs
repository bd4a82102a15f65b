namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>The patient group dimensions fairness breaks quality down by, and the group of an unrecorded value.</summary>
public static class KnownGroupDimensions
{
    public const string Sex = "sex";
    public const string AgeBand = "age-band";
    public const string Language = "language";
    public const string Race = "race";
    public const string Ethnicity = "ethnicity";
    public const string NotRecorded = "not recorded";

    public static readonly IReadOnlyList<string> All = [Sex, AgeBand, Language, Race, Ethnicity];
}
