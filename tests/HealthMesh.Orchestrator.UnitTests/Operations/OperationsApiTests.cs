using System.Net;
using System.Net.Http.Json;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.FailedMessages;
using HealthMesh.Orchestrator.Operations.Replay;
using HealthMesh.Orchestrator.Operations.Status;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.UnitTests.Support;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Operations;

public sealed class OperationsApiTests : IAsyncLifetime
{
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync() => host = await OrchestratorApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Replay_answers_a_dry_run_plan_and_refuses_an_unbounded_selection_with_problem_details()
    {
        using var client = host.CreateClient(roles: [KnownReviewerRoles.Operator]);
        var id = await host.ToAwaitingReviewAsync();
        await WaitJournaledAsync(client, id);

        var unbounded = await client.PostAsJsonAsync("/api/replay", new ReplayRequest(KnownReplaySteps.Draft), OrchestratorApiHost.Json);
        Assert.Equal(HttpStatusCode.BadRequest, unbounded.StatusCode);
        Assert.Contains("never takes the whole journal", (await unbounded.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);

        var plan = await client.PostAsJsonAsync("/api/replay", new ReplayRequest(KnownReplaySteps.Draft, WorkflowIds: [id], DryRun: true), OrchestratorApiHost.Json);
        var result = (await plan.Content.ReadFromJsonAsync<ReplayResult>(OrchestratorApiHost.Json))!;
        var item = Assert.Single(result.Items);
        Assert.Equal((id, "AwaitingReview", "ReplayClinicalNoteWorkflow(draft)", false), (item.WorkflowId, item.State, item.MessageType, item.Sent));
        await host.InState(id, "AwaitingReview");
    }

    [Fact]
    public async Task Status_shows_workflows_by_state_the_oldest_waiting_and_faults_by_step_and_exception_type()
    {
        using var client = host.CreateClient(roles: [KnownReviewerRoles.Operator]);
        var waiting = await host.ToAwaitingReviewAsync();
        var faulted = await host.ToDeidentifyingAsync();
        var command = new DeidentifyClinicalContext(faulted, $"hm-doc:{faulted:N}/context", NoteKind.EncounterSummary);
        Fault<DeidentifyClinicalContext> fault = new FaultEvent<DeidentifyClinicalContext>(command, NewId.NextGuid(), HostMetadataCache.Host, new TimeoutException("EHR did not answer"), []);
        await host.Factory.Services.GetRequiredService<IBus>().Publish(fault);
        await host.InState(faulted, "Faulted");

        OperationsStatus status;
        var until = DateTime.UtcNow.AddSeconds(10);
        do
        {
            status = (await client.GetFromJsonAsync<OperationsStatus>("/api/operations/status", OrchestratorApiHost.Json))!;
            await Task.Delay(50);
        }
        while (status.Faults.Count == 0 && DateTime.UtcNow < until);

        Assert.Equal(1, status.WorkflowsByState["AwaitingReview"]);
        Assert.Equal(1, status.WorkflowsByState["Faulted"]);
        Assert.Equal(waiting, status.OldestByState.Single(o => o.State == "AwaitingReview").WorkflowId);
        var faults = Assert.Single(status.Faults);
        Assert.Equal(("deidentify", typeof(TimeoutException).FullName, 1), (faults.Step, faults.ExceptionType, faults.Count));
        Assert.Equal("InMemory", status.Transport);

        var failed = await client.GetFromJsonAsync<List<FailedMessage>>("/api/failed-messages", OrchestratorApiHost.Json);
        Assert.Equal(faulted, Assert.Single(failed!).WorkflowId);
        var refused = await client.PostAsJsonAsync("/api/failed-messages/retry", new FailedMessagesRequest(), OrchestratorApiHost.Json);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var retried = await client.PostAsJsonAsync("/api/failed-messages/retry", new FailedMessagesRequest(All: true), OrchestratorApiHost.Json);
        Assert.Equal(failed![0].MessageId, Assert.Single((await retried.Content.ReadFromJsonAsync<FailedMessagesResult>(OrchestratorApiHost.Json))!.Done));
        await host.InState(faulted, "Deidentifying");
    }

    private static async Task WaitJournaledAsync(HttpClient client, Guid id)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var plan = await client.PostAsJsonAsync("/api/replay", new ReplayRequest(KnownReplaySteps.Draft, WorkflowIds: [id], DryRun: true, MessageType: nameof(ClinicalNoteDrafted)), OrchestratorApiHost.Json);
            if ((await plan.Content.ReadFromJsonAsync<ReplayResult>(OrchestratorApiHost.Json))!.Matched > 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, "The draft was not journaled.");
            await Task.Delay(25);
        }
    }
}
