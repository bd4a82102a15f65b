using System.Text;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.FunctionalTests.Fixtures;

/// <summary>Synthetic FHIR R4 fixtures: one patient with a finished visit, an open visit, a radiology and a lab report.</summary>
public static class ClinicalFixtures
{
    public const string PatientId = "pat-1";
    public const string FinishedEncounterId = "enc-finished";
    public const string OpenEncounterId = "enc-open";
    public const string RadiologyReportId = "rad-1";
    public const string LabReportId = "lab-1";

    public static Patient Patient() => new()
    {
        Id = PatientId,
        Name = [new HumanName { Family = "Testperson", Given = ["Alex"] }],
        BirthDate = "1970-01-01",
        Gender = AdministrativeGender.Unknown,
    };

    public static Encounter Encounter(string id, Encounter.EncounterStatus status) => new()
    {
        Id = id,
        Status = status,
        Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"),
        Subject = new ResourceReference($"Patient/{PatientId}"),
    };

    public static DiagnosticReport RadiologyReport() => new()
    {
        Id = RadiologyReportId,
        Status = DiagnosticReport.DiagnosticReportStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD", "Radiology")],
        Code = new CodeableConcept("http://loinc.org", "36643-5", "XR Chest 2 Views"),
        Subject = new ResourceReference($"Patient/{PatientId}"),
        Result = [new ResourceReference("Observation/rad-obs-1")],
        Conclusion = "No acute cardiopulmonary process.",
        PresentedForm = [new Attachment { ContentType = "text/plain", Data = Encoding.UTF8.GetBytes("FINDINGS: Lungs are clear. IMPRESSION: Normal chest.") }],
    };

    public static DiagnosticReport LabReport() => new()
    {
        Id = LabReportId,
        Status = DiagnosticReport.DiagnosticReportStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")],
        Code = new CodeableConcept("http://loinc.org", "58410-2", "CBC panel"),
        Subject = new ResourceReference($"Patient/{PatientId}"),
    };

    /// <summary>Everything the EHR holds: the focus candidates and the finished encounter's related records, plus one record of another encounter.</summary>
    public static Resource[] All() =>
    [
        Patient(),
        Encounter(FinishedEncounterId, Hl7.Fhir.Model.Encounter.EncounterStatus.Finished),
        Encounter(OpenEncounterId, Hl7.Fhir.Model.Encounter.EncounterStatus.InProgress),
        Condition("cond-1", FinishedEncounterId, "E11.9"),
        Condition("cond-2", FinishedEncounterId, "I10"),
        Condition("cond-other", OpenEncounterId, "J06.9"),
        new Observation
        {
            Id = "obs-1",
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "8480-6", "Systolic blood pressure"),
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Encounter = new ResourceReference($"Encounter/{FinishedEncounterId}"),
            Value = new Quantity(142, "mm[Hg]"),
        },
        new Observation
        {
            Id = "rad-obs-1",
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "24627-2", "Chest CT"),
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Value = new FhirString("Lungs are clear."),
        },
        new MedicationRequest
        {
            Id = "med-1",
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", "860975", "metformin 500 MG"),
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Encounter = new ResourceReference($"Encounter/{FinishedEncounterId}"),
        },
        new Procedure
        {
            Id = "proc-1",
            Status = EventStatus.Completed,
            Code = new CodeableConcept("http://snomed.info/sct", "29303009", "Electrocardiographic procedure"),
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Encounter = new ResourceReference($"Encounter/{FinishedEncounterId}"),
        },
        new DocumentReference
        {
            Id = "note-1",
            Status = DocumentReferenceStatus.Current,
            Type = new CodeableConcept("http://loinc.org", "34109-9", "Note"),
            Subject = new ResourceReference($"Patient/{PatientId}"),
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Data = Encoding.UTF8.GetBytes("Patient reports improved glucose control.") } }],
            Context = new DocumentReference.ContextComponent { Encounter = [new ResourceReference($"Encounter/{FinishedEncounterId}")] },
        },
        RadiologyReport(),
        LabReport(),
    ];

    private static Condition Condition(string id, string encounterId, string icd10) => new()
    {
        Id = id,
        ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
        Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", icd10),
        Subject = new ResourceReference($"Patient/{PatientId}"),
        Encounter = new ResourceReference($"Encounter/{encounterId}"),
    };
}
