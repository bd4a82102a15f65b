namespace HealthMesh.WriteBack.Fhir;

public static class KnownNoteCodes
{
    public const string Loinc = "http://loinc.org";
    public const string ProgressNote = "11506-3";
    public const string ProgressNoteDisplay = "Progress note";
    public const string DiagnosticImagingStudy = "18748-4";
    public const string DiagnosticImagingStudyDisplay = "Diagnostic imaging study";
    public const string DiagnosisNarrative = "29548-5";

    public const string DocumentReferenceCategory = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";
    public const string ClinicalNote = "clinical-note";

    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string EncounterDiagnosis = "encounter-diagnosis";
    public const string ConditionClinicalStatus = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string ConditionVerificationStatus = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    public const string ProvenanceParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public const string Verifier = "verifier";
    public const string Assembler = "assembler";
    public const string DataOperation = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

    /// <summary>Identifies the engine (by its content hash) in the Provenance's assembler agent.</summary>
    public const string EngineIdentifierSystem = "urn:healthmesh:engine";

    public const string PlainText = "text/plain";
    public const string Html = "text/html";
}
