using System.Security.Claims;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Orchestrator.Workflows.Operations;

/// <summary>
/// The operator's view of one note workflow: its status (state, fault step, reason and attempts) and a retry of the
/// failed step. Reading needs any review role, retrying the operator role, recorded with the signed-in operator's subject. Errors are ProblemDetails: 404 unknown
/// workflow, 409 not faulted.
/// </summary>
public static class WorkflowsApi
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization(KnownReviewerPolicies.Read);
        api.MapGet("/faulted", GetFaulted).WithName("GetFaultedWorkflows");
        api.MapGet("/{workflowId:guid}", GetWorkflow).WithName("GetWorkflow");
        api.MapPost("/{workflowId:guid}/retry", Retry).WithName("RetryWorkflow").RequireAuthorization(KnownReviewerPolicies.Operate);
        return app;
    }

    public static async Task<Results<Ok<ClinicalNoteWorkflowStatus>, ProblemHttpResult>> GetWorkflow([AsParameters] WorkflowsApiServices services, Guid workflowId) =>
        await services.Queries.GetAsync(workflowId, services.CancellationToken) is { } state
            ? TypedResults.Ok(ClinicalNoteWorkflow.Status(state))
            : NotFound(workflowId);

    /// <summary>Faulted workflows, most recent first: what the review page's "needs attention" list shows.</summary>
    public static async Task<Ok<IReadOnlyList<FaultedWorkflowEntry>>> GetFaulted([AsParameters] WorkflowsApiServices services, int? limit) =>
        TypedResults.Ok(await FaultedAsync(services.Queries, limit ?? 100, services.CancellationToken));

    public static async Task<IReadOnlyList<FaultedWorkflowEntry>> FaultedAsync(IClinicalNoteWorkflowQueries queries, int limit, CancellationToken cancellationToken) =>
        [.. (await queries.GetFaultedAsync(Math.Clamp(limit, 1, 500), cancellationToken)).Select(w => new FaultedWorkflowEntry(
            w.CorrelationId, w.NoteKind, w.ResourceType, w.ResourceId, w.ResourceVersion, w.FaultStep ?? "unknown",
            w.FaultReason ?? "No reason recorded.", w.FaultAttempts, w.ReviewerReference, w.UpdatedAt))];

    public static Task<Results<Accepted<RetryClinicalNoteWorkflow>, ProblemHttpResult>> Retry(
        [AsParameters] WorkflowsApiServices services, Guid workflowId, ClaimsPrincipal user) =>
        RetryAsync(services, workflowId, ReviewerIdentity.SubjectOf(user));

    /// <summary>Publishes the retry of a Faulted workflow's step; the API and the review page's retry button share it.</summary>
    public static async Task<Results<Accepted<RetryClinicalNoteWorkflow>, ProblemHttpResult>> RetryAsync(WorkflowsApiServices services, Guid workflowId, string requestedBy)
    {
        var state = await services.Queries.GetAsync(workflowId, services.CancellationToken);
        if (state is null)
        {
            return NotFound(workflowId);
        }

        if (state.CurrentState != nameof(ClinicalNoteWorkflow.Faulted))
        {
            return TypedResults.Problem(
                $"Workflow {workflowId} is {state.CurrentState}; only a Faulted workflow can be retried.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Nothing to retry");
        }

        var retry = new RetryClinicalNoteWorkflow(workflowId, requestedBy);
        await services.Publisher.Publish(retry, services.CancellationToken);
        return TypedResults.Accepted((string?)null, retry);
    }

    private static ProblemHttpResult NotFound(Guid workflowId) =>
        TypedResults.Problem($"No note workflow {workflowId}.", statusCode: StatusCodes.Status404NotFound, title: "Workflow not found");
}
