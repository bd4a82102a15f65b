namespace HealthMesh.Intake;

/// <summary>Resource types that can start a note workflow; any other type in a notification is bad input.</summary>
public static class KnownResourceTypes
{
    public const string Encounter = "Encounter";
    public const string DiagnosticReport = "DiagnosticReport";

    public static bool IsSupported(string? resourceType) => resourceType is Encounter or DiagnosticReport;
}
