using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.FailedMessages;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Operations.Replay;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.UnitTests.Support;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Operations;

/// <summary>
/// Replay, failed-message retry/park and the operations status re-send or reveal clinical workflows: only the operator
/// role may call them, with an OpenID Connect token or, in the development-login shape, the local operator key.
/// </summary>
public sealed class OperationsAuthorizationTests
{
    private const string OperatorKey = "0123456789abcdef0123456789abcdef0123456789abcdef";

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/operations/status" },
        { "GET", "/api/failed-messages" },
        { "POST", "/api/failed-messages/retry" },
        { "POST", "/api/failed-messages/park" },
        { "POST", "/api/replay" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Anonymous_gets_401_viewer_and_reviewer_403_operator_200(string method, string path)
    {
        await using var host = await OrchestratorApiHost.StartAsync();
        using var anonymous = host.Factory.CreateClient();
        using var viewer = host.CreateClient(roles: [KnownReviewerRoles.Viewer]);
        using var reviewer = host.CreateClient(roles: [KnownReviewerRoles.Reviewer]);
        using var @operator = host.CreateClient(roles: [KnownReviewerRoles.Operator]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(anonymous, method, path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(viewer, method, path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(reviewer, method, path)).StatusCode);
        var allowed = await SendAsync(@operator, method, path);
        Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"{method} {path} as operator: {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_workflow_retry_is_401_anonymous_403_for_viewer_and_reviewer_and_reaches_the_workflow_for_an_operator()
    {
        await using var host = await OrchestratorApiHost.StartAsync();
        var path = $"/api/workflows/{Guid.NewGuid()}/retry";
        using var anonymous = host.Factory.CreateClient();
        using var viewer = host.CreateClient(roles: [KnownReviewerRoles.Viewer]);
        using var reviewer = host.CreateClient(roles: [KnownReviewerRoles.Reviewer]);
        using var @operator = host.CreateClient(roles: [KnownReviewerRoles.Operator]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await @operator.PostAsync(path, null)).StatusCode);
    }

    [Fact]
    public async Task Retries_parks_and_replays_record_the_signed_in_operator_and_ignore_a_requestedBy_in_the_body()
    {
        await using var host = await OrchestratorApiHost.StartAsync();
        using var @operator = host.CreateClient(roles: [KnownReviewerRoles.Operator], subject: "ops-7");
        var journal = host.Factory.Services.GetRequiredService<MessageJournal>();

        var faulted = await FaultDeidentificationAsync(host);
        Assert.Equal(HttpStatusCode.Accepted, (await @operator.PostAsJsonAsync($"/api/workflows/{faulted}/retry", new { requestedBy = "mallory" })).StatusCode);
        var retry = await JournaledAsync(journal, faulted, KnownJournalOutcomes.RetryRequested, 1);
        Assert.Equal("ops-7", (await journal.ReadBodyAsync<RetryClinicalNoteWorkflow>(retry[0].MessageId)).RequestedBy);

        var again = await FaultDeidentificationAsync(host);
        var retried = await @operator.PostAsJsonAsync("/api/failed-messages/retry", new { requestedBy = "mallory", all = true });
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var failedRetry = await JournaledAsync(journal, again, KnownJournalOutcomes.RetryRequested, 1);
        Assert.Equal("ops-7", (await journal.ReadBodyAsync<RetryClinicalNoteWorkflow>(failedRetry[0].MessageId)).RequestedBy);

        var parkedFault = await FaultDeidentificationAsync(host);
        Assert.Equal(HttpStatusCode.OK, (await @operator.PostAsJsonAsync("/api/failed-messages/park", new { requestedBy = "mallory", all = true })).StatusCode);
        var parked = await JournaledAsync(journal, parkedFault, KnownJournalOutcomes.Parked, 1);
        Assert.Equal("ops-7", (await journal.ReadBodyAsync<JsonElement>(parked[0].MessageId)).GetProperty("requestedBy").GetString());

        var waiting = await host.ToAwaitingReviewAsync();
        var replay = await @operator.PostAsJsonAsync("/api/replay", new { fromStep = "draft", requestedBy = "mallory", workflowIds = new[] { waiting } });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var replayed = await JournaledAsync(journal, waiting, KnownJournalOutcomes.ReplayRequested, 1);
        Assert.Equal("ops-7", (await journal.ReadBodyAsync<ReplayClinicalNoteWorkflow>(replayed[0].MessageId)).RequestedBy);
    }

    [Fact]
    public async Task Health_liveness_and_metrics_stay_open()
    {
        await using var host = await OrchestratorApiHost.StartAsync();
        using var anonymous = host.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task In_the_development_login_the_local_operator_key_operates_and_nothing_else()
    {
        await using var host = await OrchestratorApiHost.StartAsync(DevelopmentLogin());
        using var keyed = Bearer(host, OperatorKey);
        using var wrong = Bearer(host, OperatorKey[..^1] + "0");
        using var anonymous = host.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync("/api/operations/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(keyed, "POST", "/api/replay")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/operations/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/operations/status")).StatusCode);

        // The key is an operator's, not a clinician's: it reads (operators do) but cannot decide on a draft.
        var id = await host.ToAwaitingReviewAsync();
        Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync($"/api/reviews/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await keyed.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest(1))).StatusCode);
        await host.InState(id, "AwaitingReview");
    }

    [Fact]
    public async Task Without_a_configured_key_the_development_login_refuses_any_bearer()
    {
        var settings = DevelopmentLogin();
        settings.Remove("HealthMesh:Review:Authentication:OperatorApiKey");
        await using var host = await OrchestratorApiHost.StartAsync(settings);
        using var keyed = Bearer(host, OperatorKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await keyed.GetAsync("/api/operations/status")).StatusCode);
    }

    [Fact]
    public async Task Behind_OpenID_Connect_the_operator_key_setting_is_ignored()
    {
        await using var host = await OrchestratorApiHost.StartAsync(new Dictionary<string, string?> { ["HealthMesh:Review:Authentication:OperatorApiKey"] = OperatorKey });
        using var keyed = Bearer(host, OperatorKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await keyed.GetAsync("/api/operations/status")).StatusCode);
    }

    [Fact]
    public async Task A_short_operator_key_fails_start_up()
    {
        var settings = DevelopmentLogin();
        settings["HealthMesh:Review:Authentication:OperatorApiKey"] = "short";
        await using var host = await OrchestratorApiHost.StartAsync(settings);

        var error = Assert.ThrowsAny<Exception>(() => host.Factory.CreateClient());
        Assert.Contains("OperatorApiKey must be at least", error.ToString());
    }

    private static Dictionary<string, string?> DevelopmentLogin() => new()
    {
        ["HealthMesh:Review:Authentication:Mode"] = "DevelopmentLogin",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:0:Id"] = "shah",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:0:Name"] = "Dr. Anita Shah",
        ["HealthMesh:Review:Authentication:DevelopmentReviewers:0:Roles:0"] = KnownReviewerRoles.Reviewer,
        ["HealthMesh:Review:Authentication:OperatorApiKey"] = OperatorKey,
    };

    private static async Task<Guid> FaultDeidentificationAsync(OrchestratorApiHost host)
    {
        var id = await host.ToDeidentifyingAsync();
        var command = new DeidentifyClinicalContext(id, $"hm-doc:{id:N}/context", NoteKind.EncounterSummary);
        Fault<DeidentifyClinicalContext> fault = new FaultEvent<DeidentifyClinicalContext>(command, NewId.NextGuid(), HostMetadataCache.Host, new TimeoutException("no answer"), []);
        await host.Factory.Services.GetRequiredService<IBus>().Publish(fault);
        await host.InState(id, "Faulted");
        await JournaledAsync(host.Factory.Services.GetRequiredService<MessageJournal>(), id, KnownJournalOutcomes.Faulted, 1);
        return id;
    }

    private static async Task<IReadOnlyList<JournalEntry>> JournaledAsync(MessageJournal journal, Guid workflowId, string outcome, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var entries = await journal.QueryAsync(new JournalQuery(WorkflowIds: [workflowId], Outcome: outcome));
            if (entries.Count >= count)
            {
                return entries;
            }

            Assert.True(DateTime.UtcNow < until, $"Workflow {workflowId}: fewer than {count} journaled {outcome}.");
            await Task.Delay(25);
        }
    }

    private static HttpClient Bearer(OrchestratorApiHost host, string key)
    {
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) => method switch
    {
        "GET" => client.GetAsync(path),
        _ when path == "/api/replay" => client.PostAsJsonAsync(path, new ReplayRequest(KnownReplaySteps.Draft, WorkflowIds: [Guid.NewGuid()], DryRun: true), OrchestratorApiHost.Json),
        _ => client.PostAsJsonAsync(path, new FailedMessagesRequest(MessageIds: [Guid.NewGuid()]), OrchestratorApiHost.Json),
    };
}
