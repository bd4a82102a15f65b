namespace HealthMesh.Deidentification.Benchmarks.EvalSet;

/// <summary>The identifier kinds of the evaluation set (the HIPAA Safe Harbor list, identifiers split by type).</summary>
public static class PhiKinds
{
    public static readonly IReadOnlyList<string> All =
        ["NAME", "DATE", "AGE90", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTHPLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "ADDRESS", "ZIP", "OTHERID"];
}
