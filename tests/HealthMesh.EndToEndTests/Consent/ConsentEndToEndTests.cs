using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using HealthMesh.AllInOne.Hosting;
using HealthMesh.AllInOne.Process;
using HealthMesh.Contracts;
using HealthMesh.Intake.Consent;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Ehr;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.EndToEndTests.Consent;

/// <summary>
/// The patient's consent through the real embedded pipeline (Intake, saga, de-identification, summarization, write-back,
/// in-memory bus) against the sandbox EHR: an opt-out on record stops the workflow before anything is read or drafted;
/// an opt-out recorded while the draft waits for review stops it before write-back and purges its re-identification data.
/// </summary>
public sealed class ConsentEndToEndTests
{
    private const string Sample = "encounter-01-diabetes-follow-up.json";
    private const string PatientReference = "Patient/sbx-pat-marsh";
    private const string EncounterReference = "Encounter/sbx-enc-01";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task An_opt_out_on_record_stops_the_workflow_at_start_with_its_reason_and_nothing_is_drafted()
    {
        var messages = new MessageLog();
        await using var app = await StartAsync(messages);
        var record = Record();
        ((Bundle)record.Resource!).Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:6f1c7a52-8d55-4f4e-9a43-5b0c8a4d7e10",
            Resource = OptOut("optout-marsh"),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Consent/optout-marsh" },
        });

        var outcomes = await new ProcessRun(app.Services, new DirectoryInfo(TestConfiguration.CreateTempDirectory("consent-denied-out")), "Practitioner/reviewer-1", Timeout)
            .RunAsync([record], CancellationToken.None);

        var outcome = Assert.Single(outcomes);
        Assert.True(outcome.Kind == FileOutcomeKind.Skipped, outcome.Detail);
        Assert.Contains("ConsentDenied", outcome.Detail);
        var denied = Assert.Single(messages.Of<ClinicalEventConsentDenied>());
        Assert.Contains("Consent/optout-marsh", denied.Reason);
        var state = await app.Services.GetRequiredService<IClinicalNoteWorkflowQueries>().GetAsync(denied.WorkflowId);
        Assert.Equal(nameof(ClinicalNoteWorkflow.ConsentDenied), state!.CurrentState);
        Assert.Equal(denied.Reason, ClinicalNoteWorkflow.Status(state).ConsentReason);
        Assert.Null(state.DeidentifiedContextReference);
        Assert.Null(state.DraftReference);
        Assert.Empty(messages.Of<ClinicalEventReceived>());
        Assert.Empty(messages.Of<DeidentifyClinicalContext>());
        Assert.Empty(messages.Of<DraftClinicalNote>());
        Assert.Empty(messages.Of<WriteBackClinicalNote>());
        Assert.Equal(0, await CountNotesAsync(app));
    }

    [Fact]
    public async Task An_opt_out_recorded_after_approval_stops_the_workflow_before_write_back_and_purges_reidentification_data()
    {
        var messages = new MessageLog();
        await using var app = await StartAsync(messages);
        var outcomes = await new ProcessRun(app.Services, new DirectoryInfo(TestConfiguration.CreateTempDirectory("consent-withdrawn-out")), null, Timeout)
            .RunAsync([Record()], CancellationToken.None);
        Assert.True(Assert.Single(outcomes).Kind == FileOutcomeKind.Processed, outcomes[0].Detail);
        var workflowId = Assert.Single(messages.Of<ClinicalEventReceived>()).WorkflowId;
        var queries = app.Services.GetRequiredService<IClinicalNoteWorkflowQueries>();
        var awaiting = await queries.GetAsync(workflowId);
        Assert.Equal(nameof(ClinicalNoteWorkflow.AwaitingReview), awaiting!.CurrentState);

        using (var ehr = app.Services.CreateEhrFhirClient())
        {
            await ehr.UpdateAsync(OptOut("withdrawn-marsh"));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReviewService>()
                .ApproveAsync(workflowId, "Practitioner/reviewer-1", new ApproveReviewRequest(awaiting.DraftRevision));
        }

        var withdrawn = await WaitForStateAsync(queries, workflowId, nameof(ClinicalNoteWorkflow.ConsentWithdrawn));
        Assert.Contains("Consent/withdrawn-marsh", withdrawn.ConsentReason);
        var purge = await messages.WaitForAsync<PurgeReidentificationData>(p => p.WorkflowId == workflowId);
        Assert.StartsWith("Consent withdrawn before write-back: Consent/withdrawn-marsh", purge.Reason);
        Assert.Single(messages.Of<CheckPatientConsent>());
        Assert.Empty(messages.Of<WriteBackClinicalNote>());
        Assert.Null(withdrawn.DocumentReference);
        Assert.Equal(0, await CountNotesAsync(app));
    }

    private static async Task<WebApplication> StartAsync(MessageLog messages)
    {
        var app = EmbeddedHost.Build(
            new EmbeddedHostSettings(TestConfiguration.CreateTempDirectory("consent-data"), FreeLoopbackPort(), SeedSampleData: false, LogProgress: false), []);
        var bus = app.Services.GetRequiredService<IBus>();
        bus.ConnectSendObserver(messages);
        bus.ConnectPublishObserver(messages);
        await app.StartAsync();
        return app;
    }

    private static InputFile Record()
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir", Sample);
        return new InputFile(path, FhirJson.Parse<Bundle>(File.ReadAllText(path)), null);
    }

    /// <summary>The patient's opt-out of AI-assisted documentation under the default policy, recorded today.</summary>
    private static Hl7.Fhir.Model.Consent OptOut(string id) => new()
    {
        Id = id,
        Status = Hl7.Fhir.Model.Consent.ConsentState.Active,
        Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
        Category = [new CodeableConcept("http://loinc.org", "59284-0")],
        Patient = new ResourceReference(PatientReference),
        DateTime = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"),
        Policy = [new Hl7.Fhir.Model.Consent.PolicyComponent { Uri = KnownConsentCodes.AiDocumentationPolicy }],
        Provision = new Hl7.Fhir.Model.Consent.provisionComponent { Type = Hl7.Fhir.Model.Consent.ConsentProvisionType.Deny },
    };

    /// <summary>Compositions of the encounter in the EHR: write-back creates one per note; the sample has none.</summary>
    private static async Task<int> CountNotesAsync(WebApplication app)
    {
        using var ehr = app.Services.CreateEhrFhirClient();
        var found = await ehr.SearchAsync("Composition", [$"encounter={EncounterReference}"]);
        return found!.Entry.Count(e => e.Resource is Composition);
    }

    private static async Task<ClinicalNoteWorkflowState> WaitForStateAsync(IClinicalNoteWorkflowQueries queries, Guid workflowId, string state)
    {
        var until = DateTime.UtcNow + Timeout;
        while (true)
        {
            var current = await queries.GetAsync(workflowId);
            if (current?.CurrentState == state)
            {
                return current;
            }

            Assert.True(DateTime.UtcNow < until, $"Workflow {workflowId} did not reach {state}; it is {current?.CurrentState ?? "missing"}.");
            await Task.Delay(100);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Every message the embedded bus sends or publishes, in order.</summary>
    private sealed class MessageLog : ISendObserver, IPublishObserver
    {
        private readonly ConcurrentQueue<object> messages = new();

        public IReadOnlyList<T> Of<T>() => [.. messages.OfType<T>()];

        public async Task<T> WaitForAsync<T>(Func<T, bool> predicate)
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                if (messages.OfType<T>().FirstOrDefault(predicate) is { } found)
                {
                    return found;
                }

                Assert.True(DateTime.UtcNow < until, $"No {typeof(T).Name} was sent or published.");
                await Task.Delay(50);
            }
        }

        public Task PreSend<T>(SendContext<T> context)
            where T : class
        {
            messages.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task PostSend<T>(SendContext<T> context)
            where T : class => Task.CompletedTask;

        public Task SendFault<T>(SendContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;

        public Task PrePublish<T>(PublishContext<T> context)
            where T : class
        {
            messages.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
