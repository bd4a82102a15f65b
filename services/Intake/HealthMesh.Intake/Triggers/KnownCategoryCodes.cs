namespace HealthMesh.Intake.Triggers;

/// <summary>Code systems and codes that mark a DiagnosticReport as radiology/imaging.</summary>
public static class KnownCategoryCodes
{
    /// <summary>HL7 v2 table 0074, Diagnostic Service Section ID (R4 DiagnosticReport.category's example binding).</summary>
    public const string DiagnosticServiceSections = "http://terminology.hl7.org/CodeSystem/v2-0074";

    public const string Loinc = "http://loinc.org";

    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    /// <summary>Table 0074 sections that are imaging: radiology, CAT scan, radiograph, nuclear magnetic resonance, nuclear medicine scan.</summary>
    public static readonly IReadOnlySet<string> ImagingServiceSections = new HashSet<string>(StringComparer.Ordinal) { "RAD", "CT", "RX", "NMR", "NMS" };

    /// <summary>LOINC part "Radiology", the category US Core uses for imaging reports.</summary>
    public const string LoincRadiology = "LP29684-5";

    public const string Imaging = "imaging";
}
