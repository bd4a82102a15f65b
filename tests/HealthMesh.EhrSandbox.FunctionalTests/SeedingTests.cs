using System.Net;
using HealthMesh.EhrSandbox.Seeding;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using static HealthMesh.EhrSandbox.FunctionalTests.EhrSandboxFactory;

namespace HealthMesh.EhrSandbox.FunctionalTests;

public sealed class SeedingTests(EhrSandboxFactory sandbox) : IClassFixture<EhrSandboxFactory>
{
    private static readonly string SamplesFolder = Path.Combine(RepositoryRoot(), "samples", "fhir");

    [Fact]
    public void Every_sample_file_is_embedded_and_is_a_transaction_of_PUTs_that_parses_and_validates()
    {
        var files = Directory.GetFiles(SamplesFolder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(files, EhrSandboxSeeder.SampleNames);

        foreach (var file in Directory.GetFiles(SamplesFolder, "*.json"))
        {
            // Strict parsing rejects unknown elements and bad values; model validation checks cardinality and value rules.
            var bundle = FhirJson.Parse<Bundle>(File.ReadAllText(file));
            var issues = bundle.Validate(ModelInfo.ModelInspector);
            Assert.True(issues.Count == 0, $"{Path.GetFileName(file)}: {string.Join("; ", issues.Select(i => i.Message))}");
            Assert.Equal(Bundle.BundleType.Transaction, bundle.Type);
            Assert.All(bundle.Entry, e => Assert.Equal((Bundle.HTTPVerb.PUT, $"{e.Resource!.TypeName}/{e.Resource.Id}"), (e.Request!.Method!.Value, e.Request.Url)));
        }
    }

    [Fact]
    public void The_samples_cover_the_cases_the_pipeline_needs()
    {
        var resources = EhrSandboxSeeder.SampleNames.Select(EhrSandboxSeeder.LoadSample).SelectMany(b => b.Entry.Select(e => e.Resource!)).ToList();
        var triggers = EhrSandboxSeeder.SampleNames.Select(n => EhrSandboxSeeder.LoadSample(n).Entry[0].Resource!).ToList();

        var encounters = triggers.OfType<Encounter>().ToList();
        Assert.True(encounters.Count >= 5);
        Assert.All(encounters, e => Assert.Equal((Encounter.EncounterStatus.Finished, "AMB"), (e.Status!.Value, e.Class!.Code)));
        Assert.True(encounters.Select(e => e.Subject!.Reference).Distinct().Count() >= 4);
        var reports = triggers.OfType<DiagnosticReport>().ToList();
        Assert.True(reports.Count >= 3);
        var reportTexts = reports.Select(r => System.Text.Encoding.UTF8.GetString(r.PresentedForm.Single().Data!)).ToList();
        Assert.Contains(reportTexts, t => t.Contains("pneumothorax", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(reportTexts, t => t.Contains("No evidence of pneumonia", StringComparison.Ordinal));
        Assert.Contains(reportTexts, t => !t.Contains("IMPRESSION", StringComparison.Ordinal));
        Assert.All(reports, r => Assert.Equal(("RAD", DiagnosticReport.DiagnosticReportStatus.Final), (r.Category.Single().Coding.Single().Code, r.Status!.Value)));

        var notes = resources.OfType<DocumentReference>().ToList();
        Assert.All(encounters, e => Assert.Contains(notes, n => n.Context!.Encounter.Single().Reference == $"Encounter/{e.Id}" && n.Type!.Coding.Single().Code == "11506-3"));
        Assert.All(notes.Select(n => System.Text.Encoding.UTF8.GetString(n.Content.Single().Attachment!.Data!)), text =>
        {
            Assert.InRange(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length, 150, 400);
            Assert.Contains("denies", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("FAMILY HISTORY", text, StringComparison.Ordinal);
        });
        Assert.Contains(resources.OfType<Observation>(), o => o.Code!.Coding.Any(c => c.Code == "85354-9") && o.Component.Count == 2);
        Assert.All(resources.OfType<Condition>(), c => Assert.Equal("http://hl7.org/fhir/sid/icd-10-cm", c.Code!.Coding.Single().System));
        Assert.All(resources.OfType<Patient>(), p => Assert.Equal("MR", p.Identifier.Single().Type!.Coding.Single().Code));
        Assert.NotEmpty(resources.OfType<MedicationRequest>());
        Assert.NotEmpty(resources.OfType<Procedure>());
    }

    [Fact]
    public async System.Threading.Tasks.Task Seeding_twice_loads_every_sample_once_and_changes_nothing_the_second_time()
    {
        var seeder = sandbox.Service<EhrSandboxSeeder>();

        await seeder.SeedAsync(CancellationToken.None);
        var afterFirst = await SnapshotAsync();
        await seeder.SeedAsync(CancellationToken.None);
        var afterSecond = await SnapshotAsync();

        var expected = EhrSandboxSeeder.SampleNames.SelectMany(n => EhrSandboxSeeder.LoadSample(n).Entry).Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").ToHashSet();
        Assert.Equal(expected.Order(), afterFirst.Keys.Order());
        Assert.All(afterFirst.Values, version => Assert.Equal("1", version));
        Assert.Equal(afterFirst, afterSecond);
    }

    private async Task<Dictionary<string, string>> SnapshotAsync()
    {
        var snapshot = new Dictionary<string, string>();
        foreach (var type in new[] { "Patient", "Practitioner", "Organization", "Encounter", "Observation", "Condition", "MedicationRequest", "Procedure", "DocumentReference", "DiagnosticReport" })
        {
            using var response = await sandbox.SendAsync(HttpMethod.Get, $"/fhir/{type}?_count=100");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (var entry in (await ReadAsync<Bundle>(response)).Entry)
            {
                snapshot.Add($"{type}/{entry.Resource!.Id}", entry.Resource.Meta!.VersionId!);
            }
        }

        return snapshot;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HealthMesh.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the tests from inside the HealthMesh repository.");
    }
}
