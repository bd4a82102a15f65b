namespace HealthMesh.Contracts;

public enum NoteKind
{
    /// <summary>SOAP progress note for a finished Encounter.</summary>
    EncounterSummary,

    /// <summary>Findings / Impression for a final radiology DiagnosticReport.</summary>
    RadiologyReport,
}
