using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.FreeText;
using HealthMesh.Deidentification.Surrogates;
using HealthMesh.Deidentification.UnitTests.Engine;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.UnitTests.FreeText;

public sealed class TagModeTests
{
    private static readonly DeidentificationOptions TagOptions = new() { HmacKey = Fixtures.HmacKey, FreeTextReplacement = FreeTextReplacement.Tags };

    [Fact]
    public void Each_kind_of_phi_in_a_note_becomes_its_tag()
    {
        var text = new OfflineDeidentifier(TagOptions).DeidentifyText(
            "Seen by Dr. Okafor on 03/12/2024. Call 617-432-0198 or mail pat.smith@example.net. SSN 321-54-9876, from 10.20.30.40, see https://ehr.example.org/chart/991. Lives in Quincy, MA 02169; 93-year-old.",
            "note-1");

        Assert.Equal(
            "Seen by Dr. [NAME] on [DATE]. Call [PHONE] or mail [EMAIL]. SSN [SSN], from [IP], see [URL]. Lives in [CITY], MA [ZIP]; [AGE]-year-old.",
            text);
    }

    [Fact]
    public void Surrogates_are_the_default()
    {
        var text = new OfflineDeidentifier(new DeidentificationOptions { HmacKey = Fixtures.HmacKey }).DeidentifyText("Seen by Dr. Okafor on 03/12/2024.", "note-1");

        Assert.DoesNotContain("[NAME]", text);
        Assert.DoesNotContain("Okafor", text);
        Assert.Matches(@"^Seen by Dr\. [A-Z][a-z]+ on \d{2}/\d{2}/\d{4}\.$", text);
    }

    [Fact]
    public void In_the_pipeline_notes_get_tags_structured_names_keep_surrogates_and_the_vault_holds_no_text_values()
    {
        var result = Fixtures.Deidentifier(TagOptions).Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), Guid.NewGuid());
        var note = ContextDeidentifierTests.NoteText(result.Bundle);
        var everything = ContextDeidentifierTests.AllText(result.Bundle);

        Assert.Contains("Patient: [NAME] [NAME]", note);
        Assert.Contains("Visit date: [DATE]", note);
        Assert.All(new[] { "Eleanor", "Marsh", "MRN00482913", "March 12, 2024", "432-0198" }, phi => Assert.DoesNotContain(phi, everything));
        var patient = result.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.DoesNotContain("[", patient.Name[0].Family);
        Assert.DoesNotContain(result.Vault.Entries, e => e.Kind is SurrogateKind.Phone or SurrogateKind.Email or SurrogateKind.Initials);
        Assert.Contains(result.Audit, c => c.Method == KnownTextMethods.Tag && c.Kind == "name");
    }
}
