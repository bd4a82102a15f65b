namespace HealthMesh.Deidentification;

/// <summary>Names of the per-workflow documents this service reads and writes (see the context Bundle hand-off).</summary>
public static class KnownDocumentNames
{
    /// <summary>PHI FHIR Bundle written by Intake.</summary>
    public const string Context = "context";

    /// <summary>The same Bundle, de-identified.</summary>
    public const string DeidentifiedContext = "context-deid";

    /// <summary>The <see cref="Audit.DeidentificationAuditRecord"/>: counts by kind and method, no PHI.</summary>
    public const string Audit = "deid-audit";
}
