using HealthMesh.Contracts;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.UnitTests.TestFiles;

namespace HealthMesh.Summarization.UnitTests.Notes;

public sealed class EncounterNoteTests
{
    private static readonly StructuredNote Note = Fixtures.Draft(Fixtures.Bundle(Fixtures.EncounterContext), NoteKind.EncounterSummary);

    [Fact]
    public void Is_a_soap_note_of_grounded_sentences()
    {
        Assert.Equal([KnownSections.Subjective, KnownSections.Objective, KnownSections.Assessment, KnownSections.Plan], Note.Sections.Select(s => s.Code));
        Assert.All(Note.Sections.SelectMany(s => s.Sentences), sentence =>
        {
            Assert.NotEmpty(sentence.Evidence);
            Assert.All(sentence.Evidence, e => Assert.Equal(sentence.Text, Fixtures.Cited(Note, e)));
        });
    }

    [Fact]
    public void Structured_data_is_rendered_with_units_and_flags_in_its_section()
    {
        var objective = Section(KnownSections.Objective);
        Assert.Contains("Blood pressure 142/91 mmHg (high)", objective);
        Assert.Contains("Hemoglobin A1c 8.1 % (high; reference ≤ 5.6 %)", objective);
        Assert.Contains("Reason for visit: Chest pain", Section(KnownSections.Subjective));
        Assert.Contains("Hypertension (I10), active", Section(KnownSections.Assessment));
        // Written at this encounter: started here.
        Assert.Contains("Started: metformin hydrochloride 500 MG Oral Tablet: 500 mg by mouth twice daily with meals", Section(KnownSections.Plan));
    }

    [Fact]
    public void Note_sentences_are_chosen_per_section_within_the_budget()
    {
        var subjective = Section(KnownSections.Subjective);
        Assert.Contains(subjective, s => s.Contains("presents with intermittent chest pain for 3 days", StringComparison.Ordinal));
        Assert.Contains(Section(KnownSections.Objective), s => s.StartsWith("Trace bilateral ankle edema", StringComparison.Ordinal));
        Assert.Contains("Obtain stress test and lipid panel.", Section(KnownSections.Plan));
        // "Start metformin 500 mg twice daily." says what the MedicationRequest says; contact details are no content.
        Assert.DoesNotContain("Start metformin 500 mg twice daily.", Section(KnownSections.Plan));
        Assert.DoesNotContain(Note.Sections.SelectMany(s => s.Sentences), s => s.Text.Contains("[ADDRESS]", StringComparison.Ordinal) || s.Text.Contains("https://", StringComparison.Ordinal));
        var textSentences = Note.Sections.Select(s => s.Sentences.Count(x => x.Evidence[0].SourceId.StartsWith("DocumentReference/", StringComparison.Ordinal)));
        Assert.All(textSentences, count => Assert.InRange(count, 0, new SummarizationOptions().MaxSentencesPerSection));
        // "CHIEF COMPLAINT: Chest pain." only repeats the Encounter's reason: left out.
        Assert.DoesNotContain("Chest pain.", subjective);
        // The demographic header above the first heading is not note content.
        Assert.DoesNotContain(Note.Sections.SelectMany(s => s.Sentences), s => s.Text.StartsWith("Patient:", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_present_patient_findings_are_coded_each_with_grounded_evidence()
    {
        var codes = Note.Codes.Select(c => c.Code).ToList();

        Assert.Contains("I10", codes);
        Assert.Contains("E11.65", codes);
        Assert.Contains("R07.9", codes);
        Assert.Contains("R60.0", codes);
        // E11.65 (with hyperglycemia) makes the Condition's E11.9 (without complications) wrong.
        Assert.DoesNotContain("E11.9", codes);
        // Family history (mother, sister), negated, ruled-out and uncertain findings.
        Assert.DoesNotContain("C50.919", codes);
        Assert.DoesNotContain("K50.90", codes);
        Assert.DoesNotContain("G20.A1", codes);
        Assert.DoesNotContain("J18.9", codes);
        Assert.DoesNotContain("R06.02", codes);
        Assert.DoesNotContain("R50.9", codes);
        Assert.DoesNotContain("I24.9", codes);
        Assert.DoesNotContain("I20.9", codes);

        Assert.All(Note.Codes, code =>
        {
            Assert.Equal("http://hl7.org/fhir/sid/icd-10-cm", code.System);
            Assert.InRange(code.Confidence, 0.5, 1.0);
            Assert.NotEmpty(code.Evidence);
            Assert.All(code.Evidence, e => Assert.False(string.IsNullOrWhiteSpace(Fixtures.Cited(Note, e))));
        });
        var hypertension = Note.Codes.Single(c => c.Code == "I10");
        Assert.Equal("condition-resource", hypertension.Rule);
        Assert.Contains(hypertension.Evidence, e => Fixtures.Cited(Note, e).Equals("hypertension", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Names_its_engine_and_sources_and_flags_nothing_for_a_routine_visit()
    {
        Assert.Equal(RuleBasedClinicalNoteEngine.Name, Note.Engine.Name);
        Assert.StartsWith("sha256:", Note.Engine.ContentHash);
        Assert.Empty(Note.Flags);
        Assert.Contains(Note.Sources, s => s.SourceId.StartsWith("DocumentReference/", StringComparison.Ordinal));
        Assert.Contains(Note.Sources, s => s.SourceId.StartsWith("Observation/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_radiology_kind_on_an_encounter_context_is_rejected_with_a_reason()
    {
        var error = Assert.Throws<ClinicalNoteInputException>(() => Fixtures.Draft(Fixtures.Bundle(Fixtures.EncounterContext), NoteKind.RadiologyReport));
        Assert.Contains("DiagnosticReport", error.Message);
    }

    [Fact]
    public void An_encounter_without_notes_is_summarised_from_its_data()
    {
        var bundle = Fixtures.Bundle(Fixtures.EncounterContext);
        bundle.Entry.RemoveAll(e => e.Resource is Hl7.Fhir.Model.DocumentReference);

        var note = Fixtures.Draft(bundle, NoteKind.EncounterSummary);

        Assert.Equal(4, note.Sections.Count);
        Assert.All(note.Sections.SelectMany(s => s.Sentences), s => Assert.Equal(0, s.Evidence[0].Start));
        Assert.Equal(["E11.9", "I10"], note.Codes.Select(c => c.Code).Order());
    }

    private static IReadOnlyList<string> Section(string code) => Note.Sections.Single(s => s.Code == code).Sentences.Select(s => s.Text).ToList();
}
