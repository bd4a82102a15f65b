using System.Net;
using System.Net.Http.Json;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.Orchestrator.Workflows.Operations;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Workflows.Operations;

public sealed class WorkflowsApiTests : IAsyncLifetime
{
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync() => host = await OrchestratorApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_faulted_workflow_shows_its_reason_and_an_operator_retry_runs_the_step_again()
    {
        using var client = host.CreateClient();
        var id = await host.ToDeidentifyingAsync();
        var command = new DeidentifyClinicalContext(id, $"hm-doc:{id:N}/context", NoteKind.EncounterSummary);
        Fault<DeidentifyClinicalContext> fault = new FaultEvent<DeidentifyClinicalContext>(
            command, NewId.NextGuid(), HostMetadataCache.Host, new InvalidOperationException("The context bundle has no Patient."), []);
        await host.Factory.Services.GetRequiredService<IBus>().Publish(fault);
        await host.InState(id, "Faulted");

        var status = await client.GetFromJsonAsync<ClinicalNoteWorkflowStatus>($"/api/workflows/{id}", OrchestratorApiHost.Json);
        Assert.Equal("Faulted", status!.State);
        Assert.Equal("deidentify", status.FaultStep);
        Assert.Equal("The context bundle has no Patient.", status.FaultReason);
        Assert.Equal(1, status.FaultAttempts);

        var retry = await client.PostAsync($"/api/workflows/{id}/retry", null);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await host.InState(id, "Deidentifying");
        var again = await client.PostAsync($"/api/workflows/{id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("only a Faulted workflow", (await again.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task Unknown_workflows_are_not_found()
    {
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/workflows/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/workflows/{Guid.NewGuid()}/retry", null)).StatusCode);
    }
}
