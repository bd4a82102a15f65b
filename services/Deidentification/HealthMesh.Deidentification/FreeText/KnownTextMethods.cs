namespace HealthMesh.Deidentification.FreeText;

/// <summary>How a span of free text was replaced, as the audit names it.</summary>
public static class KnownTextMethods
{
    public const string Surrogate = "text-surrogate";
    public const string Tag = "text-tag";
}
