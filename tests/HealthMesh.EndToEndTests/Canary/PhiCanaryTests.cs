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
        Assert.Contains(PhiCanaries.All, c => c == PhiCanaries.Family);
        var leaks = capture.FindLeaks(PhiCanaries.All);
        Assert.True(leaks.Count == 0, "PHI canaries in clear text:\n" + string.Join('\n', leaks));
    }

    internal static InputFile CanaryRecord(string sample) => new(PhiCanaries.SamplePath(sample), PhiCanaries.Plant(sample), null);

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
