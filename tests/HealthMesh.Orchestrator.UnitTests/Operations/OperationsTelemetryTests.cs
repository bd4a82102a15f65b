using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.FailedMessages;
using HealthMesh.Orchestrator.Operations.Replay;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.UnitTests.Support;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Orchestrator.UnitTests.Operations;

/// <summary>
/// The operator paths (journal, replay, status, failed messages, metrics) with PHI planted where it can really appear:
/// a reviewer's rejection reason and a step's exception message. None of it may reach log output, spans or metrics.
/// </summary>
public sealed class OperationsTelemetryTests : IAsyncLifetime
{
    private static readonly string[] Planted = ["Zebediah Quarrington", "MRN 884-21-7731", "1961-04-12", "42 Wollaston Crescent"];

    private readonly CapturedLogs logs = new();
    private readonly ConcurrentQueue<Activity> activities = new();
    private ActivityListener listener = null!;
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        host = await OrchestratorApiHost.StartAsync(configure: web =>
        {
            web.UseSetting("Logging:LogLevel:Default", "Trace");
            web.ConfigureServices(services => services.AddLogging(l => l.AddProvider(logs)));
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        listener.Dispose();
    }

    [Fact]
    public async Task PHI_in_rejection_reasons_and_fault_messages_reaches_no_log_span_or_metric_of_the_operator_paths()
    {
        using var client = host.CreateClient(roles: [KnownReviewerRoles.Operator]);
        var bus = host.Factory.Services.GetRequiredService<IBus>();
        var phi = string.Join(", ", Planted);

        var rejected = await host.ToAwaitingReviewAsync();
        await bus.Publish(new ClinicalNoteReviewed(rejected, ReviewDecision.Rejected, "Practitioner/p1", null, $"Wrong patient: {phi}", 1, DateTimeOffset.UtcNow));
        await host.InState(rejected, "Rejected");

        var faulted = await host.ToDeidentifyingAsync();
        Fault<DeidentifyClinicalContext> fault = new FaultEvent<DeidentifyClinicalContext>(
            new DeidentifyClinicalContext(faulted, $"hm-doc:{faulted:N}/context", NoteKind.EncounterSummary),
            NewId.NextGuid(), HostMetadataCache.Host, new InvalidOperationException($"Could not parse the Patient: {phi}"), []);
        await bus.Publish(fault);
        await host.InState(faulted, "Faulted");

        var since = DateTimeOffset.UtcNow.AddHours(-1);
        var failed = await WaitFailedAsync(client);
        Assert.Contains(Planted[0], failed.Single().Reason, StringComparison.Ordinal);
        await client.GetStringAsync("/api/operations/status");
        await client.PostAsJsonAsync("/api/replay", new ReplayRequest(KnownReplaySteps.Deidentify, From: since, DryRun: true), OrchestratorApiHost.Json);
        var replay = await client.PostAsJsonAsync("/api/replay", new ReplayRequest(KnownReplaySteps.Deidentify, WorkflowIds: [rejected]), OrchestratorApiHost.Json);
        replay.EnsureSuccessStatusCode();
        await host.InState(rejected, "Deidentifying");
        await client.PostAsJsonAsync("/api/failed-messages/park", new FailedMessagesRequest(All: true), OrchestratorApiHost.Json);
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("healthmesh_messages_journaled", metrics, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains(rejected.ToString(), StringComparison.Ordinal) && l.Contains("replays step", StringComparison.Ordinal));
        Assert.Contains(activities, a => a.Source.Name == "MassTransit");
        foreach (var value in Planted)
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(value, StringComparison.Ordinal));
            Assert.DoesNotContain(activities, a => Describe(a).Contains(value, StringComparison.Ordinal));
            Assert.DoesNotContain(value, metrics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task One_workflows_consumers_share_the_trace_of_the_event_that_started_it()
    {
        using var source = new ActivitySource("HealthMesh.Tests");
        var received = WorkflowHarness.Event("enc-" + Guid.NewGuid().ToString("N"));
        ActivityTraceId trace;
        using (var root = source.StartActivity("intake accepted")!)
        {
            trace = root.TraceId;
            await host.Factory.Services.GetRequiredService<IBus>().Publish(received);
        }

        await host.InState(received.WorkflowId, "Deidentifying");
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!activities.Any(a => a.TraceId == trace && a.OperationName.Contains("message-journal", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < until, "No journal consume span in the workflow's trace: " + string.Join(", ", activities.Where(a => a.TraceId == trace).Select(a => a.OperationName)));
            await Task.Delay(25);
        }

        var spans = activities.Where(a => a.TraceId == trace).Select(a => a.OperationName).ToList();
        Assert.Contains(spans, s => s.Contains("clinical-note-workflow", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Contains("deidentify-clinical-context", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reviewers_decision_is_published_in_the_workflows_trace_and_linked_to_the_request()
    {
        using var source = new ActivitySource("HealthMesh.Tests");
        ActivityTraceId trace;
        Guid id;
        using (var root = source.StartActivity("intake accepted")!)
        {
            trace = root.TraceId;
            id = await host.ToAwaitingReviewAsync();
        }

        using var reviewer = host.CreateClient();
        var approved = await reviewer.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest(1), OrchestratorApiHost.Json);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        await host.ConsentConfirmedAsync(id);

        // The listener hears every test running beside this one: only this workflow's decision counts.
        var decision = Assert.Single(activities, a => a.OperationName == ReviewDecisionTrace.SpanName && (string?)a.GetTagItem("healthmesh.workflow.id") == id.ToString());
        Assert.Equal(trace, decision.TraceId);
        var request = Assert.Single(decision.Links).Context.TraceId;
        Assert.NotEqual(trace, request);
        Assert.Contains(activities, a => a.TraceId == request && a.Kind == ActivityKind.Server);
        // The approval's next command is the consent check; write-back follows Intake's answer, which this host plays
        // from outside the trace (Distributed/TracingTests follows it through a real Intake).
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!activities.Any(a => a.TraceId == trace && a.OperationName.Contains("check-patient-consent", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < until, "The consent check was not sent in the workflow's trace: " + string.Join(", ", activities.Where(a => a.TraceId == trace).Select(a => a.OperationName)));
            await Task.Delay(25);
        }
    }

    private static string Describe(Activity activity) =>
        string.Join(" ", new[] { activity.OperationName, activity.DisplayName, activity.StatusDescription ?? string.Empty }
            .Concat(activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")))
            .Concat(activity.Baggage.Select(b => $"{b.Key}={b.Value}")));

    private static async Task<List<FailedMessage>> WaitFailedAsync(HttpClient client)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var failed = await client.GetFromJsonAsync<List<FailedMessage>>("/api/failed-messages", OrchestratorApiHost.Json);
            if (failed is { Count: > 0 })
            {
                return failed;
            }

            Assert.True(DateTime.UtcNow < until, "The fault was not listed.");
            await Task.Delay(25);
        }
    }
}
