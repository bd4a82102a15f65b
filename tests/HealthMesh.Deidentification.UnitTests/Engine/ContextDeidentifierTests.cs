using System.Text;
using HealthMesh.Deidentification.Structured;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.UnitTests.Engine;

public sealed class ContextDeidentifierTests
{
    // Every identifying value planted in the encounter fixture, in structured data or in the note text.
    private static readonly string[] PlantedPhi =
    [
        "Eleanor", "Marsh", "MARSH", "Thomas", "Robert", "Alvarez", "Okafor", "MRN00482913", "123-45-6789", "432-0198", "432-0142",
        "432-0177", "432-0100", "eleanor.marsh", "Willow Brook", "Quincy", "02169", "1958-07-14", "07/14/1958",
        "March 12, 2024", "01/05/2024", "2024-03-12", "2024-03-10", "03/12/2024", "pat-123", "enc-1001", "prac-9", "doc-note-1",
        "1234567893", "V-20240312-0007", "portal.hospital.example.org", "10.20.30.40", "E.J.", "June 2015",
    ];

    private static readonly Guid WorkflowId = Guid.Parse("0b8f7a4e-3c55-5d11-9a0e-1f2e3d4c5b6a");

    [Fact]
    public void No_planted_identifier_survives_in_any_field_or_text()
    {
        var result = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), WorkflowId);

        var everything = AllText(result.Bundle);
        var leaks = PlantedPhi.Where(phi => everything.Contains(phi, StringComparison.Ordinal)).ToList();
        Assert.Empty(leaks);
        Assert.True(result.IdentifiersReplaced > 30, $"only {result.IdentifiersReplaced} replacements counted");
    }

    [Fact]
    public void No_planted_identifier_survives_in_the_radiology_report()
    {
        var result = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.RadiologyContext), WorkflowId);

        var everything = AllText(result.Bundle);
        string[] planted = ["Eleanor", "Marsh", "Alvarez", "MRN00482913", "04/02/2024", "03/28/2024", "2024-04-02", "dr-77", "pat-123"];
        var leaks = planted.Where(phi => everything.Contains(phi, StringComparison.Ordinal)).ToList();
        Assert.Empty(leaks);
        Assert.Contains("small right apical pneumothorax measuring 1.2 cm", everything);
        Assert.Contains("No evidence of pulmonary embolism", everything);
        Assert.Contains("at 14:05 on", everything);
    }

    [Fact]
    public void Codes_values_units_drugs_and_eponyms_survive()
    {
        var result = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), WorkflowId);
        var everything = AllText(result.Bundle);

        foreach (var kept in new[]
                 {
                     "I10", "E11.9", "8480-6", "4548-4", "860975", "mmHg", "Parkinson disease", "Crohn's disease", "metformin 500 mg",
                     "lisinopril to 20 mg", "BP 142/91", "HbA1c 8.1%", "180-220 mg/dL", "65-year-old", "Former smoker, quit 2010",
                 })
        {
            Assert.Contains(kept, everything);
        }

        var bp = result.Bundle.Entry.Select(e => e.Resource).OfType<Observation>().Single(o => o.Code.Coding[0].Code == "85354-9");
        Assert.Equal(142m, ((Quantity)bp.Component[0].Value!).Value);
        Assert.Equal("mmHg", ((Quantity)bp.Component[0].Value!).Unit);
        Assert.Equal("H", bp.Interpretation[0].Coding[0].Code);
    }

    [Fact]
    public void Surrogate_names_are_consistent_between_data_and_text()
    {
        var result = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), WorkflowId);
        var patient = result.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        var family = patient.Name[0].Family;
        var given = patient.Name[0].Given.First();
        var note = NoteText(result.Bundle);

        Assert.Contains($"Patient: {given} {family}", note);
        Assert.Contains($"Mrs. {family} is a 65-year-old", note);
        Assert.Contains($"{family}, {given}", RadiologyText());
        Assert.Equal(patient.Contact[0].Name!.Family, family);

        var practitioner = result.Bundle.Entry.Select(e => e.Resource).OfType<Practitioner>().Single();
        Assert.Contains($"Dr. {practitioner.Name[0].Family} on", note);
    }

    [Fact]
    public void Same_input_and_key_give_the_same_output_and_another_key_does_not()
    {
        var first = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), WorkflowId);
        var second = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), WorkflowId);
        var otherKey = Fixtures.Deidentifier(Convert.ToBase64String(new byte[32])).Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), WorkflowId);

        Assert.Equal(FhirJson.Serialize(first.Bundle), FhirJson.Serialize(second.Bundle));
        Assert.Equal(first.Vault.ToJson(), second.Vault.ToJson());
        Assert.NotEqual(FhirJson.Serialize(first.Bundle), FhirJson.Serialize(otherKey.Bundle));
    }

    [Fact]
    public void Dates_are_shifted_by_one_offset_so_intervals_are_preserved()
    {
        var original = Fixtures.Bundle(Fixtures.EncounterContext);
        var result = Fixtures.Deidentifier().Deidentify(original, WorkflowId);
        var offset = result.Vault.DateShiftDays;
        Assert.InRange(Math.Abs(offset), 1, 365);

        var encounter = result.Bundle.Entry.Select(e => e.Resource).OfType<Encounter>().Single();
        var start = DateTimeOffset.Parse(encounter.Period!.Start!);
        var end = DateTimeOffset.Parse(encounter.Period.End!);
        Assert.Equal(DateTimeOffset.Parse("2024-03-12T09:00:00-05:00").AddDays(offset), start);
        Assert.Equal(TimeSpan.FromMinutes(75), end - start);

        var a1c = result.Bundle.Entry.Select(e => e.Resource).OfType<Observation>().Single(o => o.Code.Coding[0].Code == "4548-4");
        Assert.Equal(TimeSpan.FromDays(2) + TimeSpan.FromHours(1), start - DateTimeOffset.Parse(((FhirDateTime)a1c.Effective!).Value!));

        // The visit date in the note moved exactly as the Encounter did, in the note's own format.
        var shiftedVisit = new DateOnly(2024, 3, 12).AddDays(offset);
        Assert.Contains($"Visit date: {shiftedVisit.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture)}", NoteText(result.Bundle));
    }

    [Fact]
    public void Birth_date_becomes_the_year_and_address_the_state_and_zip3()
    {
        var result = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), WorkflowId);
        var patient = result.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();

        Assert.Equal("1958", patient.BirthDate);
        Assert.Equal("MA", patient.Address[0].State);
        Assert.Equal("021", patient.Address[0].PostalCode);
        Assert.Empty(patient.Address[0].Line);
        Assert.Null(patient.Address[0].City);
        Assert.Empty(patient.Telecom);
        Assert.Empty(patient.Photo);
        var labels = patient.Meta!.Security.Select(c => c.Code).ToList();
        Assert.Contains("PSEUDED", labels);
        Assert.Contains("REDACTED", labels);
        Assert.Contains("ABSTRED", labels);
        Assert.All(patient.Meta.Security, c => Assert.Equal(SecurityLabels.System, c.System));
    }

    [Fact]
    public void Ages_of_90_or_more_lose_the_birth_year()
    {
        var bundle = Fixtures.Bundle(Fixtures.EncounterContext);
        bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single().BirthDate = "1931-01-02";

        var patient = Fixtures.Deidentifier().Deidentify(bundle, WorkflowId).Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();

        Assert.Null(patient.BirthDate);
    }

    [Fact]
    public void References_are_pseudonymised_consistently_and_still_resolve()
    {
        var result = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.EncounterContext), WorkflowId);
        var inBundle = result.Bundle.Entry.Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").ToList();
        var references = KnownPhiCollector.Descendants(result.Bundle).OfType<ResourceReference>().Select(r => r.Reference!).ToList();

        Assert.NotEmpty(references);
        Assert.All(references.Where(r => !r.StartsWith("Organization/", StringComparison.Ordinal)), r => Assert.Contains(r, inBundle));
        var patient = result.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.Equal("Patient/pat-123", result.Vault.RestoreReference($"Patient/{patient.Id}"));
        Assert.Equal("Patient/pat-123", result.Vault.RestoreReference($"https://ehr.example.org/fhir/Patient/{patient.Id}"));
        Assert.All(result.Bundle.Entry, e => Assert.Null(e.FullUrl));
    }

    [Fact]
    public void Contained_resources_keep_their_local_ids_so_local_references_resolve()
    {
        var bundle = Fixtures.Bundle(Fixtures.EncounterContext);
        var request = bundle.Entry.Select(e => e.Resource).OfType<MedicationRequest>().First();
        request.Contained.Add(new Medication { Id = "med1", Code = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", "860975") });
        request.Medication = new ResourceReference("#med1");

        var deidentified = Fixtures.Deidentifier().Deidentify(bundle, WorkflowId).Bundle.Entry.Select(e => e.Resource).OfType<MedicationRequest>().First();

        Assert.Equal("#med1", ((ResourceReference)deidentified.Medication!).Reference);
        Assert.Equal("med1", deidentified.Contained.Single().Id);
    }

    [Fact]
    public void A_bundle_without_a_patient_is_rejected_with_a_reason()
    {
        var bundle = Fixtures.Bundle(Fixtures.EncounterContext);
        bundle.Entry.RemoveAll(e => e.Resource is Patient);

        var error = Assert.Throws<HealthMesh.Deidentification.Engine.ClinicalContextRejectedException>(
            () => Fixtures.Deidentifier().Deidentify(bundle, WorkflowId));
        Assert.Contains("no Patient", error.Message);
    }

    internal static string NoteText(Bundle bundle) =>
        Encoding.UTF8.GetString(bundle.Entry.Select(e => e.Resource).OfType<DocumentReference>().Single().Content[0].Attachment.Data!);

    internal static string RadiologyText()
    {
        var result = Fixtures.Deidentifier().Deidentify(Fixtures.Bundle(Fixtures.RadiologyContext), WorkflowId);
        return Encoding.UTF8.GetString(result.Bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().Single().PresentedForm[0].Data!);
    }

    /// <summary>The serialised Bundle plus every decoded text attachment: where a leak could hide.</summary>
    internal static string AllText(Bundle bundle)
    {
        var attachments = KnownPhiCollector.Descendants(bundle).OfType<Attachment>().Where(a => a.Data is not null).Select(a => Encoding.UTF8.GetString(a.Data!));
        return string.Join('\n', attachments.Prepend(FhirJson.Serialize(bundle)));
    }
}
