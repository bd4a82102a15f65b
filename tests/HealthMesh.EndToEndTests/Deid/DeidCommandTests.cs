using System.Security.Cryptography;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.EndToEndTests.Deid;

/// <summary><c>healthmesh deid</c> over a folder of FHIR and plain-text notes, run as a data team runs it.</summary>
public sealed class DeidCommandTests
{
    private static readonly string Samples = Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir");
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Resources_and_notes_come_out_under_the_same_names_without_their_identifiers()
    {
        var input = TestConfiguration.CreateTempDirectory("deid-in");
        var output = TestConfiguration.CreateTempDirectory("deid-out");
        var sample = Directory.GetFiles(Samples, "encounter-*.json").Order().First();
        File.Copy(sample, Path.Combine(input, "case.json"));
        File.WriteAllText(Path.Combine(input, "note.txt"), "Seen by Dr. Hannah Whitcombe on 03/14/2025. Mr. Oswaldo Pettigrew (MRN 00482913, phone 617-555-0142) has Parkinson disease; continue carbidopa-levodopa.");
        File.WriteAllText(Path.Combine(input, "README.md"), "not a note");
        var key = TestConfiguration.CreateTempDirectory("deid-key");
        File.WriteAllText(Path.Combine(key, "hmac.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var result = await HealthMeshCli.RunAsync(Timeout, "deid", "--input", input, "--output", output, "--key-file", Path.Combine(key, "hmac.key"));

        Assert.True(result.ExitCode == 0, result.Output);
        var note = File.ReadAllText(Path.Combine(output, "note.txt"));
        foreach (var phi in new[] { "Whitcombe", "Oswaldo", "Pettigrew", "00482913", "617-555-0142", "03/14/2025" })
        {
            Assert.DoesNotContain(phi, note);
            Assert.DoesNotContain(phi, result.Output);
        }

        Assert.Contains("Parkinson disease", note);
        Assert.Contains("carbidopa-levodopa", note);

        var original = FhirJson.Parse<Bundle>(File.ReadAllText(sample));
        var deidentified = FhirJson.Parse<Bundle>(File.ReadAllText(Path.Combine(output, "case.json")));
        var patient = original.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        var text = File.ReadAllText(Path.Combine(output, "case.json"));
        Assert.DoesNotContain(patient.Name[0].Family!, text);
        Assert.DoesNotContain(patient.Identifier[0].Value!, text);
        Assert.Equal(
            original.Entry.Select(e => e.Resource).OfType<Condition>().SelectMany(c => c.Code!.Coding).Select(c => c.Code).Order(),
            deidentified.Entry.Select(e => e.Resource).OfType<Condition>().SelectMany(c => c.Code!.Coding).Select(c => c.Code).Order());
        Assert.False(File.Exists(Path.Combine(output, "README.md")));
    }

    [Fact]
    public async Task Without_a_key_it_refuses_and_says_how_to_give_one()
    {
        var result = await HealthMeshCli.RunAsync(Timeout, "deid", "--input", Samples, "--output", TestConfiguration.CreateTempDirectory("deid-nokey"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--key-file", result.Output);
    }
}
