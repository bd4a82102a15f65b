using System.Text;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Testing.PhiScanning;

/// <summary>
/// Distinctive, invented PHI ("canaries") planted in every identifying field of a shipped sample record: names of the
/// patient, a relative and the doctor, address, telecom, identifiers, birth date, narratives, note and report text.
/// A test runs the record through a pipeline shape and searches everything it let out for <see cref="All"/>.
/// </summary>
public static class PhiCanaries
{
    public const string Given = "Zorvathine";
    public const string Family = "Quillfeatherstone";
    public const string RelativeGiven = "Wrenna";
    public const string RelativeFamily = "Bramblewick";
    public const string DoctorGiven = "Orsolya";
    public const string DoctorFamily = "Thistlewaite";
    public const string Street = "771 Canarywood Lane";
    public const string City = "Quillsborough";
    public const string Zip = "01944";
    public const string Phone = "978-555-0147";
    public const string Email = "zorvathine.q@canary.example.org";
    public const string Mrn = "CNRY-MRN-550417";
    public const string Ssn = "219-55-0417";
    public const string Npi = "9990550417";
    public const string BirthDate = "1951-08-23";
    public const string BirthDateInText = "08/23/1951";

    /// <summary>Every canary value, and the fragments of them a leak may show (a street name, phone digits).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Given, Family, RelativeGiven, RelativeFamily, DoctorGiven, DoctorFamily, Street, "Canarywood", City, Zip, Phone, "5550147", Email, Mrn, Ssn, Npi, BirthDate, BirthDateInText,
    ];

    public static string SamplePath(string sample) => Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir", sample);

    /// <summary>The shipped sample (<c>samples/fhir/&lt;sample&gt;</c>) with a canary in every identifying field.</summary>
    public static Bundle Plant(string sample)
    {
        var bundle = FhirJson.Parse<Bundle>(File.ReadAllText(SamplePath(sample)));
        var resources = bundle.Entry.Select(e => e.Resource).ToList();
        var patient = resources.OfType<Patient>().Single();
        patient.Name = [new HumanName { Use = HumanName.NameUse.Official, Family = Family, Given = [Given] }];
        patient.Identifier =
        [
            new Identifier("urn:oid:2.16.840.1.113883.3.9999.1", Mrn) { Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR") },
            new Identifier("http://hl7.org/fhir/sid/us-ssn", Ssn),
        ];
        patient.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Home, Phone), new ContactPoint(ContactPoint.ContactPointSystem.Email, null, Email)];
        patient.BirthDate = BirthDate;
        patient.Address = [new Address { Line = [Street], City = City, State = "MA", PostalCode = Zip, Country = "US" }];
        patient.Contact = [new Patient.ContactComponent { Name = new HumanName { Family = RelativeFamily, Given = [RelativeGiven] }, Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, Phone)] }];
        patient.Text = Narrative($"{Given} {Family}, MRN {Mrn}, born {BirthDateInText}, {Street}, {City} MA {Zip}");

        var practitioner = resources.OfType<Practitioner>().Single();
        practitioner.Name = [new HumanName { Family = DoctorFamily, Given = [DoctorGiven], Prefix = ["Dr."] }];
        practitioner.Identifier = [new Identifier("http://hl7.org/fhir/sid/us-npi", Npi)];

        foreach (var encounter in resources.OfType<Encounter>())
        {
            encounter.Text = Narrative($"Visit of {Given} {Family} with Dr. {DoctorFamily}");
        }

        foreach (var condition in resources.OfType<Condition>().Take(1))
        {
            condition.Note = [new Annotation { Text = new Markdown($"Discussed with {Given} and her daughter {RelativeGiven} {RelativeFamily} ({Phone})."), Author = new FhirString($"{DoctorGiven} {DoctorFamily}") }];
        }

        foreach (var note in resources.OfType<DocumentReference>())
        {
            note.Content[0].Attachment.Data = Encoding.UTF8.GetBytes(
                $"""
                PROGRESS NOTE
                Patient: {Given} {Family}    MRN: {Mrn}    DOB: {BirthDateInText}
                SSN {Ssn}. Lives at {Street}, {City}, MA {Zip}. Phone {Phone}, e-mail {Email}.
                Mrs. {Family} is here for diabetes follow-up with her daughter {RelativeGiven} {RelativeFamily}.
                A1c improved. Continue metformin 500 mg twice daily.
                Seen by Dr. {DoctorGiven} {DoctorFamily}, NPI {Npi}.
                """);
        }

        foreach (var report in resources.OfType<DiagnosticReport>())
        {
            report.Conclusion = $"Large right pneumothorax in {Given} {Family} ({Mrn}). Critical result called to {RelativeGiven} {RelativeFamily} at {Phone}.";
            report.PresentedForm = [new Attachment { ContentType = "text/plain", Data = Encoding.UTF8.GetBytes($"CHEST X-RAY\nPatient {Family}, {Given}. MRN {Mrn}. DOB {BirthDateInText}.\nLarge right pneumothorax.\nRead by Dr. {DoctorFamily}.") }];
            report.Text = Narrative($"Chest film of {Given} {Family}");
        }

        return bundle;
    }

    private static Narrative Narrative(string text) =>
        new() { Status = Hl7.Fhir.Model.Narrative.NarrativeStatus.Generated, Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{text}</div>" };
}
