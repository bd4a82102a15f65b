using HealthMesh.Deidentification.Audit;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Structured.Rules;
using Hl7.Fhir.Model;
using static HealthMesh.Deidentification.UnitTests.Structured.RuleHarness;

namespace HealthMesh.Deidentification.UnitTests.Structured;

public sealed class ProcessorTests
{
    [Fact]
    public void Redact_removes_list_items_and_single_elements_and_labels_the_resource()
    {
        var patient = new Patient
        {
            Id = "p1",
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "617-432-0198"), new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "a@b.org")],
            BirthDate = "1958-07-14",
            Gender = AdministrativeGender.Female,
        };

        var session = Apply([Rule("Patient.telecom", KnownMethods.Redact, kind: "telecom"), Rule("Patient.birthDate", KnownMethods.Redact, kind: "date")], patient);

        Assert.Empty(patient.Telecom);
        Assert.Null(patient.BirthDate);
        Assert.Equal(AdministrativeGender.Female, patient.Gender);
        Assert.Equal(["REDACTED"], Labels(patient));
        Assert.Contains(new AuditCount("telecom", KnownMethods.Redact, 2), session.Audit.Counts);
        Assert.Contains(new AuditCount("date", KnownMethods.Redact, 1), session.Audit.Counts);
    }

    [Fact]
    public void DateShift_moves_every_date_kind_by_the_session_offset_and_keeps_precision()
    {
        var observation = new Observation
        {
            Effective = new FhirDateTime("2024-03-12T09:00:00-05:00"),
            Issued = new DateTimeOffset(2024, 3, 12, 10, 0, 0, TimeSpan.Zero),
            Note = [new Annotation { Time = "2024-03", Text = "x" }],
            Value = new Period { Start = "2024", End = "2024-03-14" },
        };

        Apply([Rule("descendants().ofType(date).combine(descendants().ofType(dateTime)).combine(descendants().ofType(instant))", KnownMethods.DateShift)], observation);

        Assert.Equal("2024-03-22T09:00:00-05:00", ((FhirDateTime)observation.Effective).Value);
        Assert.Equal(new DateTimeOffset(2024, 3, 22, 10, 0, 0, TimeSpan.Zero), observation.Issued);
        Assert.Equal("2024-03", observation.Note[0].Time);
        Assert.Equal("2024", ((Period)observation.Value).Start);
        Assert.Equal("2024-03-24", ((Period)observation.Value).End);
        Assert.Equal(["PERTURBED"], Labels(observation));
    }

    [Fact]
    public void DateShift_rejects_a_malformed_date_without_quoting_it()
    {
        var patient = new Patient { Deceased = new FhirDateTime { Value = "14/07/1958" } };

        var error = Assert.Throws<ClinicalContextRejectedException>(() => Apply([Rule("Patient.deceased", KnownMethods.DateShift)], patient));
        Assert.DoesNotContain("1958", error.Message);
    }

    [Fact]
    public void Pseudonym_is_keyed_consistent_and_keeps_references_resolving()
    {
        var patient = new Patient { Id = "pat-123", Identifier = [new Identifier("urn:mrn", "MRN00482913")] };
        var observation = new Observation { Id = "obs-1", Subject = new ResourceReference("Patient/pat-123"), Identifier = [new Identifier("urn:other", "MRN00482913")] };
        DeidentificationRule[] rules = [Rule("Resource.id", KnownMethods.Pseudonym), Rule("descendants().ofType(Identifier).value", KnownMethods.Pseudonym), Rule("descendants().ofType(Reference).reference", KnownMethods.Pseudonym)];

        var session = Apply(rules, patient, observation);

        Assert.NotEqual("pat-123", patient.Id);
        Assert.Equal($"Patient/{patient.Id}", observation.Subject.Reference);
        Assert.NotEqual("MRN00482913", patient.Identifier[0].Value);
        Assert.Equal(patient.Identifier[0].Value, observation.Identifier[0].Value);
        Assert.Equal("Patient/pat-123", session.Vault.Build(Guid.NewGuid(), Offset).RestoreReference(observation.Subject.Reference!));
        Assert.Contains("PSEUDED", Labels(patient));

        var again = new Patient { Id = "pat-123" };
        Apply(rules, again);
        Assert.Equal(patient.Id, again.Id);
    }

    [Fact]
    public void Pseudonym_keeps_local_and_urn_references()
    {
        var request = new MedicationRequest { Medication = new ResourceReference("#med1"), Subject = new ResourceReference("urn:uuid:4f1c2b9e-0000-4000-8000-000000000001") };

        Apply([Rule("descendants().ofType(Reference).reference", KnownMethods.Pseudonym)], request);

        Assert.Equal("#med1", ((ResourceReference)request.Medication).Reference);
        Assert.Equal("urn:uuid:4f1c2b9e-0000-4000-8000-000000000001", request.Subject.Reference);
        Assert.Empty(Labels(request));
    }

    [Fact]
    public void Substitute_gives_names_surrogates_shared_with_free_text_or_a_fixed_value()
    {
        var patient = new Patient
        {
            Name = [new HumanName { Family = "Marsh", Given = ["Eleanor"] }],
            Text = new Narrative { Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Eleanor Marsh</div>" },
            Gender = AdministrativeGender.Female,
            MaritalStatus = new CodeableConcept { Text = "Widowed since 2019" },
        };

        Apply([
            Rule("descendants().ofType(HumanName)", KnownMethods.Substitute, """{"surrogate": "name"}"""),
            Rule("Patient.maritalStatus.text", KnownMethods.Substitute, """{"value": "withheld"}"""),
            Rule("descendants().ofType(Narrative)", KnownMethods.Scrub),
        ], patient);

        var name = patient.Name[0];
        Assert.NotEqual("Marsh", name.Family);
        Assert.Equal($"{name.Given.Single()} {name.Family}", name.Text);
        Assert.Contains($">{name.Given.Single()} {name.Family}<", patient.Text.Div);
        Assert.Equal("withheld", patient.MaritalStatus.Text);
        Assert.Contains("PSEUDED", Labels(patient));
        Assert.Contains("REDACTED", Labels(patient));
    }

    [Fact]
    public void Generalize_keeps_the_birth_year_the_state_and_zip3_and_aggregates_ages_over_89()
    {
        var patient = new Patient
        {
            BirthDate = "1958-07-14",
            Address = [new Address { Line = ["12 Willow Brook Rd"], City = "Quincy", State = "MA", PostalCode = "02169", Country = "US" }],
        };
        var old = new RelatedPerson { BirthDate = "1930-01-02" };
        var condition = new Condition { Onset = new Age { Value = 93, Code = "a", System = "http://unitsofmeasure.org" } };
        var young = new Condition { Onset = new Age { Value = 45, Code = "a", System = "http://unitsofmeasure.org" } };

        Apply([
            Rule("Patient.birthDate.combine(RelatedPerson.birthDate)", KnownMethods.Generalize, """{"to": "birth-year"}"""),
            Rule("descendants().ofType(Address)", KnownMethods.Generalize, """{"to": "address"}"""),
            Rule("descendants().ofType(Age)", KnownMethods.Generalize, """{"to": "age"}"""),
        ], patient, old, condition, young);

        Assert.Equal("1958", patient.BirthDate);
        Assert.Equal(("MA", "021", "US"), (patient.Address[0].State, patient.Address[0].PostalCode, patient.Address[0].Country));
        Assert.Empty(patient.Address[0].Line);
        Assert.Null(patient.Address[0].City);
        Assert.Contains("ABSTRED", Labels(patient));
        Assert.Null(old.BirthDate);
        var aggregated = (Age)condition.Onset!;
        Assert.Equal((90m, Quantity.QuantityComparator.GreaterOrEqual), (aggregated.Value, aggregated.Comparator));
        Assert.Equal(45m, ((Age)young.Onset!).Value);
        Assert.Empty(Labels(young));
    }

    [Fact]
    public void Perturb_adds_bounded_keyed_noise()
    {
        Observation Weight() => new() { Value = new Quantity(82.4m, "kg") };
        var first = Weight();
        var second = Weight();
        var rule = Rule("Observation.value", KnownMethods.Perturb, """{"span": 4, "roundTo": 1}""");

        Apply([rule], first);
        Apply([rule], second);

        var value = ((Quantity)first.Value!).Value!.Value;
        Assert.InRange(value, 80.4m, 84.4m);
        Assert.Equal(value, Math.Round(value, 1));
        Assert.Equal(value, ((Quantity)second.Value!).Value);
        Assert.Equal("kg", ((Quantity)first.Value!).Unit);
        Assert.Equal(["PERTURBED"], Labels(first));
    }

    [Fact]
    public void The_first_matching_rule_wins_and_covers_what_the_element_holds()
    {
        var patient = new Patient { Name = [new HumanName { Family = "Marsh", Given = ["Eleanor"], Period = new Period { Start = "2001-02-03" } }] };

        Apply([
            Rule("Patient.name", KnownMethods.Keep),
            Rule("descendants().ofType(HumanName)", KnownMethods.Substitute, """{"surrogate": "name"}"""),
            Rule("descendants().ofType(dateTime)", KnownMethods.DateShift),
        ], patient);

        Assert.Equal("Marsh", patient.Name[0].Family);
        Assert.Equal("2001-02-03", patient.Name[0].Period!.Start);
        Assert.Empty(Labels(patient));
    }

    [Fact]
    public void Scrub_replaces_phi_in_strings_markdown_and_text_attachments_and_drops_other_attachments()
    {
        var document = new DocumentReference
        {
            Description = "Letter for Mrs. Marsh dated 03/12/2024",
            Content =
            [
                new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Data = "Seen by Dr. Okafor on 03/12/2024."u8.ToArray(), Url = "https://ehr.example.org/doc/1", Size = 33 } },
                new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "application/pdf", Data = [1, 2, 3] } },
            ],
        };

        var session = Apply([Rule("DocumentReference.description", KnownMethods.Scrub), Rule("descendants().ofType(Attachment)", KnownMethods.Scrub)], document);

        Assert.DoesNotContain("Marsh", document.Description!);
        Assert.DoesNotContain("03/12/2024", document.Description!);
        var text = System.Text.Encoding.UTF8.GetString(document.Content[0].Attachment.Data!);
        Assert.Contains("Seen by Dr. ", text);
        Assert.DoesNotContain("Okafor", text);
        Assert.Null(document.Content[0].Attachment.Url);
        Assert.Null(document.Content[0].Attachment.Size);
        Assert.Null(document.Content[1].Attachment.Data);
        Assert.Equal(["REDACTED"], Labels(document));
        Assert.Contains(session.Audit.Counts, c => c.Kind == "name");
        Assert.Contains(session.Audit.Counts, c => c.Kind == "date");
    }

    [Fact]
    public void A_method_given_an_element_it_cannot_process_names_the_rule()
    {
        var patient = new Patient { Name = [new HumanName { Family = "Marsh" }] };

        var error = Assert.Throws<DeidentificationProfileException>(() => Apply([Rule("Patient.id", KnownMethods.Keep), Rule("Patient.name", KnownMethods.DateShift)], patient));

        Assert.Equal(2, error.RuleNumber);
        Assert.Contains("HumanName", error.Message);
        Assert.DoesNotContain("Marsh", error.Message);
    }

    [Fact]
    public void Substitute_gives_a_name_written_as_one_string_the_same_surrogates()
    {
        var patient = new Patient { Name = [new HumanName { Family = "Okafor", Given = ["Amara"] }] };
        var condition = new Condition { Note = [new Annotation { Author = new FhirString("Amara Okafor"), Text = new Markdown("x") }] };

        Apply([Rule("descendants().ofType(HumanName).combine(descendants().ofType(Annotation).author.ofType(string))", KnownMethods.Substitute, """{"surrogate": "name"}""")], patient, condition);

        Assert.Equal($"{patient.Name[0].Given.Single()} {patient.Name[0].Family}", ((FhirString)condition.Note[0].Author!).Value);
    }

    [Fact]
    public void Descendants_of_a_type_select_the_same_elements_walked_directly_as_through_fhirpath()
    {
        Bundle Deidentified(string namePath, string identifierPath)
        {
            var bundle = TestFiles.Fixtures.Bundle(TestFiles.Fixtures.EncounterContext);
            Apply([Rule(namePath, KnownMethods.Substitute, """{"surrogate": "name"}"""), Rule(identifierPath, KnownMethods.Pseudonym)], [.. bundle.Entry.Select(e => e.Resource!)]);
            return bundle;
        }

        // The second form does not have the descendants().ofType(T) shape, so FHIRPath evaluates it.
        var walked = Deidentified("descendants().ofType(HumanName)", "descendants().ofType(Identifier).value");
        var evaluated = Deidentified("descendants().ofType(HumanName).select($this)", "descendants().ofType(Identifier).select(value)");

        Assert.Equal(HealthMesh.ServiceDefaults.Fhir.FhirJson.Serialize(evaluated), HealthMesh.ServiceDefaults.Fhir.FhirJson.Serialize(walked));

        Bundle Scrubbed(string prosePath)
        {
            var bundle = TestFiles.Fixtures.Bundle(TestFiles.Fixtures.EncounterContext);
            Apply([Rule(prosePath, KnownMethods.Scrub)], [.. bundle.Entry.Select(e => e.Resource!)]);
            return bundle;
        }

        var walkedProse = Scrubbed("$this.combine(descendants()).select(conclusion.combine(description).combine(text)).ofType(string)");
        var evaluatedProse = Scrubbed("$this.combine(descendants()).select(conclusion.combine(description).combine(text)).ofType(string).select($this)");
        Assert.Equal(HealthMesh.ServiceDefaults.Fhir.FhirJson.Serialize(evaluatedProse), HealthMesh.ServiceDefaults.Fhir.FhirJson.Serialize(walkedProse));
        Assert.DoesNotContain("\"family\":\"Marsh\"", HealthMesh.ServiceDefaults.Fhir.FhirJson.Serialize(walked));
    }
}
