using HealthMesh.Contracts;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.Radiology;
using HealthMesh.Summarization.UnitTests.TestFiles;

namespace HealthMesh.Summarization.UnitTests.Radiology;

public sealed class RadiologyNoteTests
{
    [Fact]
    public void Keeps_the_impression_and_flags_a_present_pneumothorax()
    {
        var note = Fixtures.Draft(Fixtures.Bundle(Fixtures.RadiologyContext), NoteKind.RadiologyReport);

        Assert.Equal([KnownSections.Findings, KnownSections.Impression], note.Sections.Select(s => s.Code));
        var impression = note.Sections[1].Sentences.Select(s => s.Text).ToList();
        Assert.Equal("Small right apical pneumothorax.", impression[0]);
        Assert.Contains("No evidence of pulmonary embolism.", impression);
        Assert.Contains(note.Sections[0].Sentences, s => s.Text == "There is a small right apical pneumothorax measuring 1.2 cm.");
        Assert.All(note.Sections.SelectMany(s => s.Sentences), s => Assert.All(s.Evidence, e => Assert.Equal(s.Text, Fixtures.Cited(note, e))));

        Assert.Equal([CriticalFindingDetector.FlagPrefix + "pneumothorax"], note.Flags);
        var codes = note.Codes.Select(c => c.Code).ToList();
        Assert.Contains("J93.9", codes);
        Assert.Contains("J98.11", codes);
        Assert.DoesNotContain("I26.99", codes);
        Assert.DoesNotContain("J90", codes);
        Assert.Equal("pneumothorax", Fixtures.Cited(note, note.Codes.Single(c => c.Code == "J93.9").Evidence[0]), ignoreCase: true);
    }

    [Fact]
    public void No_pneumothorax_is_no_critical_finding()
    {
        var note = Fixtures.Draft(
            Fixtures.RadiologyWithText("""
                INDICATION: Shortness of breath, rule out pneumothorax.

                FINDINGS: No pneumothorax. The lungs are clear. No pleural effusion.

                IMPRESSION: No acute cardiopulmonary abnormality. No pneumothorax.
                """),
            NoteKind.RadiologyReport);

        Assert.Empty(note.Flags);
        Assert.DoesNotContain(note.Codes, c => c.Code.StartsWith("J93", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_an_impression_the_best_findings_stand_in()
    {
        var note = Fixtures.Draft(
            Fixtures.RadiologyWithText("""
                FINDINGS: Large volume pneumoperitoneum is present beneath both hemidiaphragms. Free air is consistent with bowel perforation. Bowel gas pattern is otherwise unremarkable. Degenerative changes of the spine.
                """),
            NoteKind.RadiologyReport);

        var impression = note.Sections.Single(s => s.Code == KnownSections.Impression).Sentences;
        Assert.InRange(impression.Count, 1, 2);
        Assert.All(impression, s => Assert.Contains(s.Text, note.Sections.Single(x => x.Code == KnownSections.Findings).Sentences.Select(x => x.Text)));
        Assert.Contains(CriticalFindingDetector.FlagPrefix + "pneumoperitoneum", note.Flags);
        Assert.Contains(CriticalFindingDetector.FlagPrefix + "bowel-perforation", note.Flags);
    }

    [Fact]
    public void A_generated_impression_leads_with_the_critical_finding_drops_normal_boilerplate_and_compresses_there_is()
    {
        var note = Fixtures.Draft(
            Fixtures.RadiologyWithText("""
                FINDINGS: The heart size is normal. There is a moderate right pleural effusion with adjacent atelectasis. The mediastinum is normal in contour. The osseous structures are unremarkable. No focal consolidation. There is a small left apical pneumothorax.
                """),
            NoteKind.RadiologyReport);

        var impression = note.Sections.Single(s => s.Code == KnownSections.Impression).Sentences;
        Assert.Equal(["Small left apical pneumothorax.", "Moderate right pleural effusion with adjacent atelectasis."], impression.Select(s => s.Text));
        Assert.All(impression, s => Assert.True(HealthMesh.Summarization.Grounding.NoteGrounding.IsGrounded(note, s)));
        Assert.Equal("small left apical pneumothorax.", Fixtures.Cited(note, impression[0].Evidence[0]));
    }

    [Fact]
    public void A_generated_impression_of_a_normal_report_is_its_best_negative()
    {
        var note = Fixtures.Draft(
            Fixtures.RadiologyWithText("""
                FINDINGS: No intracranial hemorrhage, mass effect or midline shift. Ventricles and sulci are normal for age.
                """),
            NoteKind.RadiologyReport);

        var impression = Assert.Single(note.Sections.Single(s => s.Code == KnownSections.Impression).Sentences);
        Assert.StartsWith("No ", impression.Text, StringComparison.Ordinal);
        Assert.Empty(note.Flags);
    }

    [Fact]
    public void A_report_without_any_text_is_rejected_with_a_reason()
    {
        var bundle = Fixtures.Bundle(Fixtures.RadiologyContext);
        var report = bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.DiagnosticReport>().Single();
        report.PresentedForm.Clear();
        report.Conclusion = null;

        var error = Assert.Throws<ClinicalNoteInputException>(() => Fixtures.Draft(bundle, NoteKind.RadiologyReport));
        Assert.Contains("neither a text presentedForm nor a conclusion", error.Message);
    }
}
