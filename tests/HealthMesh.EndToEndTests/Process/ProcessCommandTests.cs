using System.Text.Json;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.EndToEndTests.Process;

/// <summary><c>healthmesh process</c> over the shipped sample set, run as its own process the way a data team runs it.</summary>
public sealed class ProcessCommandTests
{
    private static readonly string Samples = Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir");
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Approved_run_writes_a_final_note_per_sample_naming_the_reviewer()
    {
        var output = TestConfiguration.CreateTempDirectory("process-final");

        var result = await HealthMeshCli.RunAsync(Timeout, "process", "--input", Samples, "--output", output, "--approve-as", "Practitioner/reviewer-7");

        Assert.True(result.ExitCode == 0, result.Output);
        foreach (var sample in Directory.GetFiles(Samples, "*.json"))
        {
            var folder = Path.Combine(output, Path.GetFileNameWithoutExtension(sample));
            var document = Read<DocumentReference>(folder);
            var composition = Read<Composition>(folder);
            var provenance = Read<Provenance>(folder);

            Assert.Equal(CompositionStatus.Final, document.DocStatus);
            Assert.Equal("Practitioner/reviewer-7", Assert.Single(document.Author).Reference);
            Assert.Equal(CompositionStatus.Final, composition.Status);
            Assert.NotEmpty(composition.Section);
            Assert.Contains(provenance.Agent, a => a.Who.Reference == "Practitioner/reviewer-7");
            Assert.Contains(provenance.Target, t => t.Reference == $"DocumentReference/{document.Id}");
            Assert.Contains(provenance.Target, t => t.Reference == $"Composition/{composition.Id}");
            Assert.StartsWith(Path.GetFileNameWithoutExtension(sample).StartsWith("radiology", StringComparison.Ordinal) ? "DiagnosticReport/" : "Encounter/", Assert.Single(provenance.Entity).What?.Reference);
            AssertValid(document, composition, provenance);
        }

        // Real values restored from the vault just before the write (then purged): the note of the first encounter
        // speaks of the patient by her real name, as the source note does, not by a surrogate.
        var first = Path.GetFileNameWithoutExtension(Directory.GetFiles(Samples, "encounter-*.json").Order().First());
        var firstPatient = FhirJson.Parse<Bundle>(File.ReadAllText(Path.Combine(Samples, $"{first}.json"))).Entry.Select(e => e.Resource).OfType<Patient>().Single();
        var noteData = Read<DocumentReference>(Path.Combine(output, first)).Content[0].Attachment.Data;
        Assert.NotNull(noteData);
        Assert.Contains(firstPatient.Name[0].Family!, System.Text.Encoding.UTF8.GetString(noteData));
    }

    [Fact]
    public async Task Unapproved_run_writes_preliminary_drafts_with_real_names_restored()
    {
        var output = TestConfiguration.CreateTempDirectory("process-draft");

        var result = await HealthMeshCli.RunAsync(Timeout, "process", "--input", Samples, "--output", output);

        Assert.True(result.ExitCode == 0, result.Output);
        var sample = FhirJson.Parse<Bundle>(File.ReadAllText(Directory.GetFiles(Samples, "encounter-*.json").Order().First()));
        var patient = sample.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        var folder = Path.Combine(output, Path.GetFileNameWithoutExtension(Directory.GetFiles(Samples, "encounter-*.json").Order().First()));
        var document = Read<DocumentReference>(folder);

        Assert.Equal(CompositionStatus.Preliminary, document.DocStatus);
        Assert.Equal($"Patient/{patient.Id}", document.Subject?.Reference);
        Assert.DoesNotContain(document.Author, a => a.Reference?.StartsWith("Practitioner/", StringComparison.Ordinal) == true);
        Assert.StartsWith("HealthMesh", Assert.Single(document.Author).Display);
        AssertValid(document, Read<Composition>(folder), Read<Provenance>(folder));
    }

    [Fact]
    public async Task Unusable_inputs_are_reported_per_file_and_fail_the_exit_code()
    {
        var input = TestConfiguration.CreateTempDirectory("process-mixed-in");
        var output = TestConfiguration.CreateTempDirectory("process-mixed-out");
        File.Copy(Directory.GetFiles(Samples, "radiology-*.json").Order().First(), Path.Combine(input, "report.json"));
        File.WriteAllText(Path.Combine(input, "notes.txt"), "Not FHIR at all.");
        File.WriteAllText(Path.Combine(input, "patient.json"), """{"resourceType":"Patient","id":"lonely","gender":"female"}""");
        File.WriteAllText(Path.Combine(input, "broken.json"), """{"resourceType":"Encounter","status":"not-a-status"}""");

        var result = await HealthMeshCli.RunAsync(Timeout, "process", "--input", input, "--output", output);

        Assert.Equal(1, result.ExitCode);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var outcomes = summary.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("file").GetString()!, e => e.GetProperty("kind").GetString());
        Assert.Equal("Processed", outcomes["report.json"]);
        Assert.Equal("Failed", outcomes["notes.txt"]);
        Assert.Equal("Failed", outcomes["broken.json"]);
        Assert.Equal("Skipped", outcomes["patient.json"]);
        Assert.True(File.Exists(Path.Combine(output, "report", "DocumentReference.json")));
    }

    [Fact]
    public async Task Approve_as_must_be_a_practitioner_reference()
    {
        var result = await HealthMeshCli.RunAsync(Timeout, "process", "--input", Samples, "--output", TestConfiguration.CreateTempDirectory("process-bad"), "--approve-as", "dr smith");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Practitioner/123", result.Output);
    }

    private static T Read<T>(string folder) where T : Resource =>
        FhirJson.Parse<T>(File.ReadAllText(Path.Combine(folder, $"{typeof(T).Name}.json")));

    private static void AssertValid(params Resource[] resources)
    {
        foreach (var resource in resources)
        {
            var errors = resource.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, validateRecursively: true);
            Assert.True(!errors.Any(), $"{resource.TypeName} is not valid R4: {string.Join("; ", errors.Select(e => e.Message))}");
        }
    }
}
