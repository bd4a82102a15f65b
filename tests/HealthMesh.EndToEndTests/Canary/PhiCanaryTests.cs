using System.Net;
using System.Net.Sockets;
using System.Text;
using HealthMesh.AllInOne.Hosting;
using HealthMesh.AllInOne.Process;
using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using HealthMesh.Testing.PhiScanning;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.EndToEndTests.Canary;

/// <summary>
/// The boundary guarantee: distinctive PHI planted in every field of a record (names, address, telecom, identifiers,
/// dates, narratives, note text, report text) runs through the whole embedded pipeline (in-memory bus, approval and
/// write-back included), and none of it may reach the summarization input, a log entry at Debug, a trace, or a message
/// on the bus.
/// </summary>
public sealed class PhiCanaryTests
{
    private const string Given = "Zorvathine";
    private const string Family = "Quillfeatherstone";
    private const string RelativeGiven = "Wrenna";
    private const string RelativeFamily = "Bramblewick";
    private const string DoctorGiven = "Orsolya";
    private const string DoctorFamily = "Thistlewaite";
    private const string Street = "771 Canarywood Lane";
    private const string City = "Quillsborough";
    private const string Zip = "01944";
    private const string Phone = "978-555-0147";
    private const string Email = "zorvathine.q@canary.example.org";
    private const string Mrn = "CNRY-MRN-550417";
    private const string Ssn = "219-55-0417";
    private const string Npi = "9990550417";
    private const string BirthDate = "1951-08-23";
    private const string BirthDateInText = "08/23/1951";

    internal static readonly string[] Canaries =
        [Given, Family, RelativeGiven, RelativeFamily, DoctorGiven, DoctorFamily, Street, "Canarywood", City, Zip, Phone, "5550147", Email, Mrn, Ssn, Npi, BirthDate, BirthDateInText];

    [Fact]
    public async Task No_canary_reaches_the_model_input_logs_traces_or_the_bus()
    {
        var capture = new PhiCapture();
        using var activities = new ActivityCapture(capture);
        var data = TestConfiguration.CreateTempDirectory("canary-data");
        var output = TestConfiguration.CreateTempDirectory("canary-out");
        await using var app = EmbeddedHost.Build(
            new EmbeddedHostSettings(data, FreeLoopbackPort(), SeedSampleData: false, LogProgress: true),
            ["--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:HealthMesh=Debug", "--Logging:LogLevel:Microsoft=Debug", "--Logging:LogLevel:MassTransit=Debug"]);
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturingLoggerProvider(capture));
        var bus = app.Services.GetRequiredService<IBus>();
        new BusCapture(capture).ConnectTo(bus);
        bus.ConnectConsumeMessageObserver(new SummarizationInputCapture(capture, app.Services.GetRequiredService<IClinicalDocumentStore>()));
        await app.StartAsync();

        var outcomes = await new ProcessRun(app.Services, new DirectoryInfo(Path.Combine(output, "notes")), "Practitioner/reviewer-canary", TimeSpan.FromMinutes(4))
            .RunAsync([CanaryRecord("encounter-01-diabetes-follow-up.json"), CanaryRecord("radiology-01-chest-xray-pneumothorax.json")], CancellationToken.None);
        await app.StopAsync();

        Assert.All(outcomes, outcome => Assert.True(outcome.Kind == FileOutcomeKind.Processed, outcome.Detail));
        Assert.All(new[] { "log", "trace", "bus" }, channel => Assert.True(capture.Count(channel) > 0, $"nothing captured from {channel}:\n{capture.Describe()}"));
        Assert.True(capture.Count(SummarizationInputCapture.Channel) >= 2, "the summarization input of both notes (encounter, report) is captured; captured:\n" + capture.Describe());
        Assert.Contains(Canaries, c => c == Family);
        var leaks = capture.FindLeaks(Canaries);
        Assert.True(leaks.Count == 0, "PHI canaries in clear text:\n" + string.Join('\n', leaks));
    }

    /// <summary>A shipped sample with a canary in every identifying field of its patient, practitioner, narratives, note and report text.</summary>
    internal static InputFile CanaryRecord(string sample)
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir", sample);
        var bundle = FhirJson.Parse<Bundle>(File.ReadAllText(path));
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

        return new InputFile(path, bundle, null);
    }

    private static Narrative Narrative(string text) =>
        new() { Status = Hl7.Fhir.Model.Narrative.NarrativeStatus.Generated, Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{text}</div>" };

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>What the summarization engine is given: the de-identified context a DraftClinicalNote points to, prose decoded.</summary>
    private sealed class SummarizationInputCapture(PhiCapture capture, IClinicalDocumentStore documents) : IConsumeMessageObserver<DraftClinicalNote>
    {
        public const string Channel = "summarization input";

        public async Task PreConsume(ConsumeContext<DraftClinicalNote> context)
        {
            var bundle = FhirJson.Parse<Bundle>(await documents.GetAsync(context.Message.DeidentifiedContextReference));
            var attachments = bundle.Entry.Select(e => e.Resource).OfType<Resource>()
                .SelectMany(Descendants)
                .OfType<Attachment>().Where(a => a.Data is not null).Select(a => Encoding.UTF8.GetString(a.Data!));
            capture.Add(Channel, string.Join('\n', attachments.Prepend(FhirJson.Serialize(bundle))));
        }

        public Task PostConsume(ConsumeContext<DraftClinicalNote> context) => Task.CompletedTask;

        public Task ConsumeFault(ConsumeContext<DraftClinicalNote> context, Exception exception) => Task.CompletedTask;

        private static IEnumerable<Base> Descendants(Base node) =>
            node.EnumerateElements()
                .SelectMany(e => e.Value switch { Base single => [single], IEnumerable<Base> many => many, _ => [] })
                .SelectMany(child => Descendants(child).Prepend(child));
    }
}
