using System.Text;
using HealthMesh.Deidentification.Structured;
using HealthMesh.Deidentification.UnitTests.Engine;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.UnitTests.Structured;

/// <summary>A record holding every one of the 18 Safe Harbor identifiers in structured FHIR, through the default profile.</summary>
public sealed class DefaultProfileCoverageTests
{
    private static readonly Guid WorkflowId = Guid.Parse("6a1f0c55-2b7e-4f0e-9a51-3c2d1e0f9b8a");

    // Safe Harbor (A)..(R) → the values planted for it below.
    private static readonly Dictionary<string, string[]> Planted = new()
    {
        ["A names"] = ["Zebulon", "Quarrington", "Philippa", "Okonkwo-Vance"],
        ["B geography"] = ["44 Larkspur Lane", "Apt 9", "Framingham", "Middlesex", "01701", "42.2793", "-71.4162"],
        ["C dates"] = ["1961-09-27", "2024-02-11", "2024-02-12T08:30", "2024-02-12T10:15", "2023-11-30"],
        ["C ages over 89"] = ["\"value\":97"],
        ["D telephone"] = ["508-555-7731"],
        ["E fax"] = ["508-555-7732"],
        ["F e-mail"] = ["zq@mailbox.example.net"],
        ["G SSN"] = ["078-05-1120"],
        ["H MRN"] = ["MRN77120455"],
        ["I health plan"] = ["HP-99120-AB", "SUB-5531200"],
        ["J account"] = ["ACCT-0045518"],
        ["K certificate/licence"] = ["LIC-MA-224466"],
        ["L vehicle"] = ["VIN1HGCM82633A004352"],
        ["M device"] = ["SN-PM-7781220", "LOT-4412", "(01)00844588003288"],
        ["N URL"] = ["https://zebulon.example.net/me"],
        ["O IP address"] = ["198.51.100.77"],
        ["P biometric"] = ["FINGERPRINT-TEMPLATE-BYTES"],
        ["Q photo and other unique ids"] = ["PHOTO-BYTES", "pat-sh-1", "enc-sh-1", "https://ehr.example.org/source/42"],
        ["R resource ids"] = ["cov-sh-1", "dev-sh-1", "acct-sh-1"],
    };

    [Fact]
    public void No_safe_harbor_identifier_survives_the_default_profile()
    {
        var result = Fixtures.Deidentifier().Deidentify(Record(), WorkflowId);
        var everything = ContextDeidentifierTests.AllText(result.Bundle);

        var leaks = Planted.SelectMany(p => p.Value.Where(v => everything.Contains(v, StringComparison.Ordinal)).Select(v => $"{p.Key}: {v}")).ToList();
        Assert.Empty(leaks);
    }

    [Fact]
    public void Codes_values_and_resolving_references_are_kept()
    {
        var result = Fixtures.Deidentifier().Deidentify(Record(), WorkflowId);
        var resources = result.Bundle.Entry.Select(e => e.Resource!).ToList();

        var observation = resources.OfType<Observation>().Single();
        Assert.Equal("8867-4", observation.Code.Coding[0].Code);
        Assert.Equal(72m, ((Quantity)observation.Value!).Value);
        Assert.Equal("I48.91", resources.OfType<Condition>().Single().Code!.Coding[0].Code);
        Assert.Equal("1961", resources.OfType<Patient>().Single().BirthDate);
        Assert.Equal(("MA", "017"), (resources.OfType<Patient>().Single().Address[0].State, resources.OfType<Patient>().Single().Address[0].PostalCode));

        var inBundle = resources.Select(r => $"{r.TypeName}/{r.Id}").ToHashSet();
        var references = KnownPhiCollector.Descendants(result.Bundle).OfType<ResourceReference>().Select(r => r.Reference).OfType<string>().ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, inBundle));
        Assert.All(resources.Where(r => r is not Observation), r => Assert.NotEmpty(r.Meta!.Security));
    }

    [Fact]
    public void The_audit_counts_changes_by_kind_and_method_without_values()
    {
        var result = Fixtures.Deidentifier().Deidentify(Record(), WorkflowId);
        var audit = result.Audit.ToDictionary(c => (c.Kind, c.Method), c => c.Count);

        Assert.Equal(4, audit[("telecom", "redact")]);
        Assert.True(audit[("name", "substitute")] >= 2);
        Assert.True(audit[("date", "dateShift")] >= 4);
        Assert.True(audit[("identifier", "pseudonym")] >= 7);
        Assert.Equal(1, audit[("age", "generalize")]);
        Assert.Equal(1, audit[("ip-address", "redact")]);
        var serialised = string.Join('\n', result.Audit);
        Assert.All(Planted.Values.SelectMany(v => v), v => Assert.DoesNotContain(v, serialised));
    }

    private static Bundle Record()
    {
        var patient = new Patient
        {
            Id = "pat-sh-1",
            Meta = new Meta { Source = "https://ehr.example.org/source/42" },
            Identifier =
            [
                new Identifier("http://hospital.example.org/mrn", "MRN77120455"),
                new Identifier("http://hl7.org/fhir/sid/us-ssn", "078-05-1120"),
                new Identifier("urn:vehicle-vin", "VIN1HGCM82633A004352"),
                new Identifier("urn:biometric", "FINGERPRINT-TEMPLATE-BYTES"),
            ],
            Name = [new HumanName { Family = "Quarrington", Given = ["Zebulon"] }],
            Telecom =
            [
                new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Home, "508-555-7731"),
                new ContactPoint(ContactPoint.ContactPointSystem.Fax, null, "508-555-7732"),
                new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "zq@mailbox.example.net"),
                new ContactPoint(ContactPoint.ContactPointSystem.Url, null, "https://zebulon.example.net/me"),
            ],
            BirthDate = "1961-09-27",
            Address = [new Address { Line = ["44 Larkspur Lane", "Apt 9"], City = "Framingham", District = "Middlesex", State = "MA", PostalCode = "01701" }],
            Photo = [new Attachment { ContentType = "image/jpeg", Data = Encoding.UTF8.GetBytes("PHOTO-BYTES") }],
            Contact = [new Patient.ContactComponent { Name = new HumanName { Family = "Okonkwo-Vance", Given = ["Philippa"] } }],
        };
        var encounter = new Encounter
        {
            Id = "enc-sh-1",
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference("Patient/pat-sh-1"),
            Period = new Period { Start = "2024-02-12T08:30:00-05:00", End = "2024-02-12T10:15:00-05:00" },
        };
        var coverage = new Coverage
        {
            Id = "cov-sh-1",
            Status = FinancialResourceStatusCodes.Active,
            Identifier = [new Identifier("http://plan.example.org/member", "HP-99120-AB")],
            SubscriberId = "SUB-5531200",
            Beneficiary = new ResourceReference("Patient/pat-sh-1"),
            Payor = [new ResourceReference("Patient/pat-sh-1")],
        };
        var account = new Account { Id = "acct-sh-1", Status = Account.AccountStatus.Active, Identifier = [new Identifier("http://hospital.example.org/account", "ACCT-0045518")], Subject = [new ResourceReference("Patient/pat-sh-1")] };
        var practitioner = new Practitioner
        {
            Id = "prac-sh-1",
            Qualification = [new Practitioner.QualificationComponent { Identifier = [new Identifier("http://ma.example.gov/licence", "LIC-MA-224466")], Code = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0360", "MD") }],
        };
        var device = new Device
        {
            Id = "dev-sh-1",
            SerialNumber = "SN-PM-7781220",
            LotNumber = "LOT-4412",
            UdiCarrier = [new Device.UdiCarrierComponent { DeviceIdentifier = "00844588003288", CarrierHRF = "(01)00844588003288" }],
            Patient = new ResourceReference("Patient/pat-sh-1"),
        };
        var location = new Location { Id = "loc-sh-1", Position = new Location.PositionComponent { Latitude = 42.2793m, Longitude = -71.4162m } };
        var audit = new AuditEvent
        {
            Id = "audit-sh-1",
            Type = new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110"),
            Recorded = new DateTimeOffset(2023, 11, 30, 12, 0, 0, TimeSpan.Zero),
            Agent = [new AuditEvent.AgentComponent { Requestor = true, Network = new AuditEvent.NetworkComponent { Address = "198.51.100.77" } }],
            Source = new AuditEvent.SourceComponent { Observer = new ResourceReference("Device/dev-sh-1") },
        };
        var observation = new Observation
        {
            Id = "obs-sh-1",
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "8867-4"),
            Subject = new ResourceReference("Patient/pat-sh-1"),
            Effective = new FhirDateTime("2024-02-11"),
            Value = new Quantity(72m, "/min"),
        };
        var condition = new Condition
        {
            Id = "cond-sh-1",
            Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", "I48.91"),
            Subject = new ResourceReference("Patient/pat-sh-1"),
            Onset = new Age { Value = 97, Code = "a", System = "http://unitsofmeasure.org", Unit = "a" },
        };

        return new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Entry = new Resource[] { encounter, patient, coverage, account, practitioner, device, location, audit, observation, condition }
                .Select(r => new Bundle.EntryComponent { Resource = r }).ToList(),
        };
    }
}
