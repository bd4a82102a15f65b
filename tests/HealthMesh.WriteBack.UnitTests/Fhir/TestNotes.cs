using HealthMesh.Contracts;

namespace HealthMesh.WriteBack.UnitTests.Fhir;

/// <summary>Synthetic approved notes, as summarization drafts them from de-identified context (surrogates in the text).</summary>
public static class TestNotes
{
    public const string PatientSurrogate = "[PATIENT-1]";
    public const string PatientName = "Alex Testperson";

    public static StructuredNote EncounterSummary(Guid workflowId) => new(
        workflowId,
        1,
        NoteKind.EncounterSummary,
        "Visit summary",
        [
            new NoteSection("subjective", "Subjective", [new NoteSentence($"{PatientSurrogate} reports improved glucose control.", [new Evidence("DocumentReference/note-1", 0, 40)])]),
            new NoteSection("objective", "Objective", [new NoteSentence("Systolic blood pressure 142 mm[Hg] (<150 target).", [new Evidence("Observation/obs-1", 0, 30)])]),
            new NoteSection("assessment", "Assessment", [new NoteSentence("Type 2 diabetes, controlled. Hypertension.", [])]),
            new NoteSection("plan", "Plan", []),
        ],
        [
            new ProposedCode("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "Type 2 diabetes mellitus without complications", 0.93, "condition-resource", []),
            new ProposedCode("http://hl7.org/fhir/sid/icd-10-cm", "I10", "Essential (primary) hypertension", 0.88, "text-dictionary", []),
        ],
        [],
        [new NoteSource("DocumentReference/note-1", "Progress note", $"{PatientSurrogate} reports improved glucose control.")],
        new NoteEngine("rules-summarizer", "1.2.0", "sha256:abc123"),
        new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));

    public static StructuredNote RadiologyReport(Guid workflowId) => new(
        workflowId,
        2,
        NoteKind.RadiologyReport,
        "Chest radiograph",
        [
            new NoteSection("findings", "Findings", [new NoteSentence("Lungs are clear.", [])]),
            new NoteSection("impression", "Impression", [new NoteSentence("No acute cardiopulmonary process.", [])]),
        ],
        [],
        [],
        [],
        new NoteEngine("rules-summarizer", "1.2.0", "sha256:abc123"),
        new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
}
