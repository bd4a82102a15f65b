using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing.PhiScanning;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.IntegrationTests.Distributed;

/// <summary>
/// The boundary guarantee in the distributed shape: the PHI canary records (see <see cref="PhiCanaries"/>) go through
/// every service as its own process on RabbitMQ and PostgreSQL, approval and write-back included, and no canary may
/// reach the summarization input, any HealthMesh process's log output (Debug), a trace or log exported over OTLP, or a
/// message on the broker (a tap queue bound to every exchange of the virtual host, headers included).
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedPhiCanaryTests
{
    private const string SummarizationInput = "summarization input";

    private static readonly string[] Services =
        ["HealthMesh.Intake.Host", "HealthMesh.Orchestrator.Host", "HealthMesh.Deidentification.Host", "HealthMesh.Summarization.Host", "HealthMesh.WriteBack.Host"];

    [Fact]
    public async Task No_canary_reaches_the_model_input_any_process_log_traces_or_the_broker()
    {
        var capture = new PhiCapture();
        await using var otlp = new OtlpReceiver(capture);
        var settings = new Dictionary<string, string?>(otlp.Settings)
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:HealthMesh"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Debug",
            ["Logging:LogLevel:MassTransit"] = "Debug",
        };
        await using var cluster = await DistributedCluster.StartAsync("canary", settings);
        using var documents = DocumentStore(cluster.Settings);
        var store = documents.Services.GetRequiredService<IClinicalDocumentStore>();
        var drafts = new ConcurrentBag<Task>();
        await using var tap = await RabbitMqTap.StartAsync(capture, cluster.Settings["HealthMesh:Transport:RabbitMqUri"]!, (_, body) =>
        {
            // The summarization service drafts from the document a DraftClinicalNote points to: read it as it is sent.
            if (DraftedContextReference(body) is { } reference)
            {
                drafts.Add(CaptureSummarizationInputAsync(capture, store, reference));
            }

            return Task.CompletedTask;
        });
        try
        {
            await cluster.PostToEhrAsync(AsNewEvent(PhiCanaries.Plant("encounter-01-diabetes-follow-up.json")));
            await cluster.PostToEhrAsync(AsNewEvent(PhiCanaries.Plant("radiology-01-chest-xray-pneumothorax.json")));
            await cluster.WaitForCompletedAsync(2, TimeSpan.FromMinutes(8));
            await Task.WhenAll(drafts);
            // The last spans and log records leave on the exporters' next tick.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            foreach (var service in Services)
            {
                foreach (var instance in cluster.Instances(service))
                {
                    capture.Add($"log ({service} output)", instance.Output);
                }
            }
        }

        Assert.All(new[] { "log", "trace", RabbitMqTap.Channel }, channel => Assert.True(capture.Count(channel) > 0, $"nothing captured from {channel}:\n{capture.Describe()}"));
        Assert.True(capture.Count(SummarizationInput) >= 2, "the summarization input of both notes (encounter, report) is captured; captured:\n" + capture.Describe());
        var leaks = capture.FindLeaks(PhiCanaries.All);
        Assert.True(leaks.Count == 0, "PHI canaries in clear text:\n" + string.Join('\n', leaks));
    }

    // The sandbox is seeded with the samples: the encounter or report and what hangs off it get new ids, so writing them
    // creates resources (one notification each); the patient and practitioner are overwritten with their canaries.
    private static Bundle AsNewEvent(Bundle bundle)
    {
        var shared = new HashSet<string> { "Patient", "Practitioner", "Organization", "Location" };
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in bundle.Entry.Where(e => e.Resource is { } r && !shared.Contains(r.TypeName)))
        {
            var resource = entry.Resource!;
            var id = $"{resource.Id}-canary";
            renamed[$"{resource.TypeName}/{resource.Id}"] = $"{resource.TypeName}/{id}";
            resource.Id = id;
            if (entry.Request is { } request)
            {
                request.Url = $"{resource.TypeName}/{id}";
            }
        }

        foreach (var reference in bundle.Entry.Select(e => e.Resource).OfType<Resource>().SelectMany(Descendants).OfType<ResourceReference>())
        {
            if (reference.Reference is { } target && renamed.TryGetValue(target, out var replacement))
            {
                reference.Reference = replacement;
            }
        }

        return bundle;
    }

    private static string? DraftedContextReference(string body)
    {
        using var envelope = JsonDocument.Parse(body);
        var isDraft = envelope.RootElement.TryGetProperty("messageType", out var types)
            && types.EnumerateArray().Any(t => t.GetString() == "urn:message:HealthMesh.Contracts:DraftClinicalNote");
        return isDraft && envelope.RootElement.GetProperty("message").TryGetProperty("deidentifiedContextReference", out var reference)
            ? reference.GetString()
            : null;
    }

    private static async Task CaptureSummarizationInputAsync(PhiCapture capture, IClinicalDocumentStore store, string reference)
    {
        var bundle = FhirJson.Parse<Bundle>(await store.GetAsync(reference));
        var attachments = bundle.Entry.Select(e => e.Resource).OfType<Resource>()
            .SelectMany(Descendants)
            .OfType<Attachment>().Where(a => a.Data is not null).Select(a => Encoding.UTF8.GetString(a.Data!));
        capture.Add(SummarizationInput, string.Join('\n', attachments.Prepend(FhirJson.Serialize(bundle))));
    }

    // The cluster's document store, read with its key as the summarization service reads it.
    private static IHost DocumentStore(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDatabase();
        builder.AddClinicalDocuments();
        return builder.Build();
    }

    private static IEnumerable<Base> Descendants(Base node) =>
        node.EnumerateElements()
            .SelectMany(e => e.Value switch { Base single => [single], IEnumerable<Base> many => many, _ => [] })
            .SelectMany(child => Descendants(child).Prepend(child));
}
