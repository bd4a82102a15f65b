using System.Text;
using HealthMesh.Deidentification.Benchmarks.EvalSet;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace HealthMesh.Deidentification.UnitTests.Engine;

public sealed class OfflineDeidentifierTests
{
    private static readonly OfflineDeidentifier Engine = new(new DeidentificationOptions { HmacKey = Fixtures.HmacKey });

    private static readonly string SamplesDirectory =
        Path.GetFullPath(Path.Combine(EvalSetLoader.FindNotesDirectory(AppContext.BaseDirectory), "..", "..", "fhir"));

    [Fact]
    public void A_note_without_a_record_loses_names_dates_and_numbers_found_by_pattern_dictionary_and_cue()
    {
        const string note = "Patient: Maria Lopez    MRN: 4471923\nSeen 03/14/2025 with daughter Bronwyn. Call (617) 432-1187.\nMaria reports HbA1c 7.4% drawn 3/1. Signed by Anjali Shah, MD.";

        var result = Engine.DeidentifyText(note, "note-1.txt");

        foreach (var phi in new[] { "Maria", "Lopez", "4471923", "03/14/2025", "Bronwyn", "432-1187", "3/1.", "Anjali", "Shah" })
        {
            Assert.DoesNotContain(phi, result);
        }

        Assert.Contains("HbA1c 7.4%", result);
        Assert.Equal(result, Engine.DeidentifyText(note, "note-1.txt"));
    }

    [Fact]
    public void No_surrogate_is_a_name_the_note_already_holds_whatever_the_key()
    {
        // Two people in one note: with some keys the surrogate drawn for one used to be the other's real surname.
        const string note = "Seen by Dr. Hannah Whitcombe on 03/14/2025. Mr. Oswaldo Pettigrew (MRN 00482913) has Parkinson disease.";

        for (var seed = 0; seed < 200; seed++)
        {
            var key = new byte[32];
            BitConverter.GetBytes(seed).CopyTo(key, 0);
            var engine = new OfflineDeidentifier(new DeidentificationOptions { HmacKey = Convert.ToBase64String(key) });

            var result = engine.DeidentifyText(note, "note.txt");

            foreach (var name in new[] { "Hannah", "Whitcombe", "Oswaldo", "Pettigrew" })
            {
                Assert.DoesNotContain(name, result);
            }
        }
    }

    [Fact]
    public void A_note_with_its_record_loses_the_names_only_the_record_knows()
    {
        var context = new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Entry = [new Bundle.EntryComponent { Resource = new Patient { Id = "p1", Name = [new HumanName { Family = "Zorbek", Given = ["Quillon"] }] } }],
        };
        const string note = "Quillon Zorbek is well. ZORBEK, QUILLON seen today. Quillon walks daily.";

        Assert.Contains("Quillon walks", Engine.DeidentifyText(note, "note-2.txt"));
        var result = Engine.DeidentifyText(note, context);

        Assert.DoesNotContain("Quillon", result, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Zorbek", result, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Mr. Parkinson was evaluated for Parkinson disease; continue carbidopa-levodopa and Sinemet.", "Parkinson disease")]
    [InlineData("Grace Wilson has Wilson disease and Crohn's disease, on Eliquis and Lasix.", "Wilson disease and Crohn's disease, on Eliquis and Lasix")]
    [InlineData("Will start metformin. May cause nausea. Possible Austin Flint murmur; Lyme disease serology negative.", "Will start metformin. May cause nausea. Possible Austin Flint murmur; Lyme disease serology negative.")]
    [InlineData("Jackson-Pratt drain in place. Cincinnati Prehospital Stroke Scale negative. Boston Scientific device.", "Jackson-Pratt drain in place. Cincinnati Prehospital Stroke Scale negative. Boston Scientific device.")]
    public void Eponyms_drugs_and_named_terms_survive_beside_names(string note, string kept)
    {
        Assert.Contains(kept, Engine.DeidentifyText(note, "note-3.txt"));
    }

    [Fact]
    public void Dates_inside_lab_text_are_shifted_and_the_values_kept()
    {
        var result = Engine.DeidentifyText("Creatinine 1.3 mg/dL on 7/29/24; HbA1c 7.4% (15 Feb 2024); TSH 2.1 drawn 3/14. BP 128/76, murmur 2/6.", "note-4.txt");

        Assert.DoesNotContain("7/29/24", result);
        Assert.DoesNotContain("15 Feb 2024", result);
        Assert.DoesNotContain("3/14", result);
        Assert.Contains("Creatinine 1.3 mg/dL on ", result);
        Assert.Contains("BP 128/76, murmur 2/6.", result);
    }

    [Fact]
    public void A_transaction_bundle_is_deidentified_valid_and_the_input_left_untouched()
    {
        var path = Path.Combine(SamplesDirectory, "encounter-01-diabetes-follow-up.json");
        var original = FhirJson.Parse<Bundle>(File.ReadAllText(path));
        var before = FhirJson.Serialize(original);

        var result = (Bundle)Engine.DeidentifyResource(original);
        var json = FhirJson.Serialize(result);

        Assert.Equal(before, FhirJson.Serialize(original));
        Assert.DoesNotContain("sbx-pat-marsh", json);
        Assert.DoesNotContain("Marsh", json);
        Assert.Equal(original.Entry.Count, result.Entry.Count);
        Assert.All(result.Entry.Where(e => e.Request is not null), e => Assert.StartsWith(e.Resource!.TypeName + "/", e.Request!.Url!));
        Assert.All(result.Entry, e => Assert.Contains(e.Resource!.Meta!.Security, c => c.System == "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"));
        Assert.Empty(result.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, validateRecursively: true).Select(e => e.Message));
        Assert.Equal(json, FhirJson.Serialize(Engine.DeidentifyResource(original)));
    }

    [Fact]
    public void A_single_resource_is_deidentified_with_the_offset_of_the_patient_it_is_about()
    {
        var observation = new Observation
        {
            Id = "obs-1",
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "4548-4", "Hemoglobin A1c"),
            Subject = new ResourceReference("Patient/p-42"),
            Effective = new FhirDateTime("2025-03-04"),
            Note = [new Annotation { Text = new Markdown("Discussed with Dr. Nakamura on 03/04/2025.") }],
        };
        var patient = new Patient { Id = "p-42", BirthDate = "1960-05-01" };

        var result = (Observation)Engine.DeidentifyResource(observation);
        var resultPatient = (Patient)Engine.DeidentifyResource(patient);

        Assert.NotEqual("obs-1", result.Id);
        Assert.Equal($"Patient/{resultPatient.Id}", result.Subject!.Reference);
        Assert.NotEqual("2025-03-04", ((FhirDateTime)result.Effective!).Value);
        Assert.DoesNotContain("Nakamura", result.Note[0].Text);
        Assert.DoesNotContain("03/04/2025", result.Note[0].Text);
        Assert.Equal("1960", resultPatient.BirthDate);
    }

    [Fact]
    public void A_key_that_is_not_base64_of_32_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new OfflineDeidentifier(new DeidentificationOptions { HmacKey = "not base64!" }));
        Assert.Throws<ArgumentException>(() => new OfflineDeidentifier(new DeidentificationOptions { HmacKey = Convert.ToBase64String(new byte[16]) }));
    }

    [Fact]
    public void Text_spans_found_are_what_deidentify_text_replaces()
    {
        const string note = "Seen by Dr. Okafor on 2025-01-09, SSN 412-55-9876.";
        var spans = Engine.FindPhi(note, "note-5.txt");
        var rebuilt = new StringBuilder(note);
        foreach (var span in spans.Reverse())
        {
            rebuilt.Remove(span.Start, span.Length).Insert(span.Start, span.Surrogate);
        }

        Assert.Equal(Engine.DeidentifyText(note, "note-5.txt"), rebuilt.ToString());
    }
}
