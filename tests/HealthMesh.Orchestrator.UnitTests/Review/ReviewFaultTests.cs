using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.Orchestrator.Workflows.Operations;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Review;

/// <summary>
/// An EHR that refuses the note (4xx with an OperationOutcome) faults the workflow; the review page shows it under
/// "Needs attention" with the EHR's reason (its issue codes and element paths, as write-back writes them), and an operator's retry button sends the write-back again.
/// </summary>
public sealed partial class ReviewFaultTests : IAsyncLifetime
{
    private const string Refusal = "The EHR rejected the note transaction with 422: error not-found at DocumentReference.subject";
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync() => host = await OrchestratorApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_refused_write_back_shows_its_reason_in_the_queue_and_the_draft_and_an_operator_retries_it()
    {
        using var operatorClient = host.CreateClient(followRedirects: false);
        var id = await RefusedWriteBackAsync(operatorClient);

        var faulted = await operatorClient.GetFromJsonAsync<List<FaultedWorkflowEntry>>("/api/workflows/faulted", OrchestratorApiHost.Json);
        var entry = Assert.Single(faulted!, e => e.WorkflowId == id);
        Assert.Equal(("write-back", Refusal, OrchestratorApiHost.Reviewer), (entry.Step, entry.Reason, entry.ReviewerReference));

        var queue = await operatorClient.GetStringAsync("/review");
        Assert.Contains("Needs attention", queue);
        Assert.Contains($"data-workflow-id=\"{id}\"", queue);
        Assert.Contains("error not-found at DocumentReference.subject", queue);
        Assert.Contains($"action=\"/review/{id}/retry\"", queue);

        var draft = await operatorClient.GetStringAsync($"/review/{id}");
        Assert.Contains("id=\"fault\"", draft);
        Assert.Contains("Write-back to the EHR failed", draft);

        var retried = await operatorClient.PostAsync($"/review/{id}/retry", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [TokenField().Match(draft).Groups["name"].Value] = WebUtility.HtmlDecode(TokenField().Match(draft).Groups["value"].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        await host.ConsentConfirmedAsync(id);
        Assert.DoesNotContain($"data-workflow-id=\"{id}\"", await operatorClient.GetStringAsync("/review"));
    }

    [Fact]
    public async Task A_reviewer_without_the_operator_role_sees_the_refusal_but_no_retry_button_and_cannot_retry()
    {
        using var operatorClient = host.CreateClient(followRedirects: false);
        var id = await RefusedWriteBackAsync(operatorClient);
        using var reviewer = host.CreateClient(roles: [KnownReviewerRoles.Reviewer], followRedirects: false);

        var queue = await reviewer.GetStringAsync("/review");
        Assert.Contains("error not-found at DocumentReference.subject", queue);
        Assert.DoesNotContain($"action=\"/review/{id}/retry\"", queue);
        Assert.Contains("An operator can retry it.", queue);

        var page = await reviewer.GetStringAsync("/review");
        var token = TokenField().Match(page);
        var refused = await reviewer.PostAsync($"/review/{id}/retry", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
        }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await host.InState(id, "Faulted");
    }

    private async Task<Guid> RefusedWriteBackAsync(HttpClient client)
    {
        var id = await host.ToAwaitingReviewAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest(1))).StatusCode);
        await host.ConsentConfirmedAsync(id);

        var command = new WriteBackClinicalNote(id, "https://ehr.example.org/fhir", "Encounter", "enc", "1", $"hm-doc:{id:N}/final-r1", OrchestratorApiHost.Reviewer, DateTimeOffset.UtcNow);
        Fault<WriteBackClinicalNote> fault = new FaultEvent<WriteBackClinicalNote>(
            command, NewId.NextGuid(), HostMetadataCache.Host, new InvalidOperationException(Refusal), []);
        await host.Factory.Services.GetRequiredService<IBus>().Publish(fault);
        await host.InState(id, "Faulted");
        return id;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex TokenField();
}
