using System.Text.Json;
using HealthMesh.Orchestrator.Review;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using Hl7.Fhir.Model;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.IntegrationTests.Distributed;

/// <summary>
/// Tracing in the distributed shape: each service process writes its spans to its own file
/// (<see cref="JsonLinesActivityExporter"/>); the W3C traceparent travels in the RabbitMQ message headers MassTransit
/// writes, and the reviewer's decision is published in the workflow's trace.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class TracingTests(ITestOutputHelper output)
{
    private const string Sample = "encounter-05-low-back-pain";

    private static readonly string[] Services =
    [
        "HealthMesh.Intake.Host", "HealthMesh.Orchestrator.Host", "HealthMesh.Deidentification.Host",
        "HealthMesh.Summarization.Host", "HealthMesh.WriteBack.Host",
    ];

    [Fact]
    public async Task One_trace_id_spans_every_service_process_of_one_workflow_and_no_span_carries_the_patients_PHI()
    {
        var directory = TestConfiguration.CreateTempDirectory("traces");
        await using var cluster = await DistributedCluster.StartAsync("trace", new Dictionary<string, string?>
        {
            [JsonLinesActivityExporter.DirectorySetting] = directory,
        });
        try
        {
            await cluster.CreateEncountersAsync(Sample, 1, "trace");
            await cluster.WaitForCompletedAsync(1, TimeSpan.FromMinutes(5));

            // Write-back's last spans end just after the saga records Completed.
            List<Span> spans;
            IGrouping<string, Span>? workflow;
            var until = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(500);
                spans = ReadSpans(directory);
                workflow = spans.GroupBy(s => s.TraceId).FirstOrDefault(t => Services.All(service => t.Any(s => s.Service == service)));
            }
            while (workflow is null && DateTime.UtcNow < until);

            Assert.True(workflow is not null, "No trace has spans of every service. Services per trace: " + string.Join("; ",
                spans.GroupBy(s => s.TraceId).Select(t => $"{t.Key}: {string.Join(", ", t.Select(s => s.Service).Distinct().Order())}")));
            output.WriteLine($"Trace {workflow.Key}: {workflow.Count()} spans\n" + string.Join("\n", workflow.OrderBy(s => s.Start).Select(s => $"{s.Service} {s.Name}")));
            Assert.Contains(workflow, s => s.Service == "HealthMesh.Orchestrator.Host" && s.Name == ReviewDecisionTrace.SpanName);

            var planted = PatientValues();
            var leaks = Directory.GetFiles(directory, "*.jsonl").SelectMany(ReadLines)
                .SelectMany(line => planted.Where(value => line.Contains(value, StringComparison.OrdinalIgnoreCase)).Select(value => $"{value} in {line}"))
                .ToList();
            Assert.Empty(leaks);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    private static List<Span> ReadSpans(string directory) =>
        [.. Directory.GetFiles(directory, "*.jsonl").SelectMany(ReadLines).Select(line => JsonSerializer.Deserialize<Span>(line, JsonSerializerOptions.Web)!)];

    // The exporters keep their files open for append; share them while reading.
    private static IEnumerable<string> ReadLines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>The identifying values of the sample's patient: names, identifiers, birth date, telecom, address.</summary>
    private static IReadOnlyList<string> PatientValues()
    {
        var bundle = FhirJson.Parse<Bundle>(File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir", $"{Sample}.json")));
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        IEnumerable<string?> values =
        [
            .. patient.Name.SelectMany(n => n.Given.Append(n.Family)),
            .. patient.Identifier.Select(i => i.Value),
            patient.BirthDate,
            .. patient.Telecom.Select(t => t.Value),
            .. patient.Address.SelectMany(a => a.Line),
        ];
        // Very short values would turn up inside hex ids by chance.
        return [.. values.OfType<string>().Where(v => v.Length > 3)];
    }

    private sealed record Span(string Service, string TraceId, string SpanId, string? ParentSpanId, string Name, DateTime Start);
}
