using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Governance.Audit;
using HealthMesh.Orchestrator.Reviewers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Orchestrator.Review;

/// <summary>
/// The reviewer's JSON API. Reading needs a reviewer, viewer or operator role; deciding the reviewer role, and the
/// decision is recorded under the signed-in person's Practitioner. Errors are ProblemDetails: 401 not signed in, 403
/// role or no Practitioner mapped, 404 unknown workflow, 409 stale or decided, 400 malformed.
/// </summary>
public static class ReviewApi
{
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reviews").WithTags("Review").RequireAuthorization(KnownReviewerPolicies.Read);
        api.MapGet("/", GetQueue).WithName("GetReviewQueue");
        api.MapGet("/{workflowId:guid}", GetReview).WithName("GetReview");
        api.MapPost("/{workflowId:guid}/approve", Approve).WithName("ApproveReview").RequireAuthorization(KnownReviewerPolicies.Decide);
        api.MapPost("/{workflowId:guid}/reject", Reject).WithName("RejectReview").RequireAuthorization(KnownReviewerPolicies.Decide);
        api.MapPost("/{workflowId:guid}/regenerate", Regenerate).WithName("RegenerateReview").RequireAuthorization(KnownReviewerPolicies.Decide);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ReviewQueueEntry>>> GetQueue([AsParameters] ReviewApiServices services, int? limit) =>
        TypedResults.Ok(await services.Reviews.GetQueueAsync(limit ?? 100, services.CancellationToken));

    /// <summary>The draft and its workflow; each successful read is recorded in the audit trail as viewed by the signed-in person.</summary>
    public static Task<Results<Ok<ReviewDetails>, ProblemHttpResult>> GetReview([AsParameters] ReviewApiServices services, Guid workflowId, ReviewAccessAudit audit) =>
        Handle(async () =>
        {
            var details = await services.Reviews.GetAsync(workflowId, services.Http.User.IsInRole(KnownReviewerRoles.Reviewer), services.CancellationToken);
            await audit.ViewedAsync(workflowId, services.Http.User, services.CancellationToken);
            return TypedResults.Ok(details);
        });

    public static Task<Results<Accepted<ClinicalNoteReviewed>, ProblemHttpResult>> Approve(
        [AsParameters] ReviewApiServices services, Guid workflowId, ApproveReviewRequest request) =>
        Handle(async () => TypedResults.Accepted((string?)null, await services.Reviews.ApproveAsync(workflowId, Practitioner(services), request, services.CancellationToken)));

    public static Task<Results<Accepted<ClinicalNoteReviewed>, ProblemHttpResult>> Reject(
        [AsParameters] ReviewApiServices services, Guid workflowId, RejectReviewRequest request) =>
        Handle(async () => TypedResults.Accepted((string?)null, await services.Reviews.RejectAsync(workflowId, Practitioner(services), request, services.CancellationToken)));

    public static Task<Results<Accepted<ClinicalNoteReviewed>, ProblemHttpResult>> Regenerate(
        [AsParameters] ReviewApiServices services, Guid workflowId, RegenerateReviewRequest request) =>
        Handle(async () => TypedResults.Accepted((string?)null, await services.Reviews.RegenerateAsync(workflowId, Practitioner(services), request, services.CancellationToken)));

    public static ProblemHttpResult Problem(ReviewException exception) => exception.Failure switch
    {
        ReviewFailure.NotFound => TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status404NotFound, title: "Workflow not found"),
        ReviewFailure.Forbidden => TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed to decide"),
        ReviewFailure.Conflict => TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict, title: "Review no longer applies"),
        _ => TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid review"),
    };

    /// <exception cref="ReviewException">The signed-in person maps to no FHIR Practitioner.</exception>
    public static string Practitioner(ReviewerIdentity identity, System.Security.Claims.ClaimsPrincipal user) =>
        identity.PractitionerOf(user) ?? throw new ReviewException(ReviewFailure.Forbidden,
            $"Signed in as '{ReviewerIdentity.SubjectOf(user)}', who maps to no FHIR Practitioner: the identity provider must issue a Practitioner claim " +
            $"or {ReviewerAuthenticationOptions.SectionName}:Practitioners must map this subject, so the note can name its author.");

    private static string Practitioner(ReviewApiServices services) => Practitioner(services.Identity, services.Http.User);

    private static async Task<Results<T, ProblemHttpResult>> Handle<T>(Func<Task<T>> action)
        where T : IResult
    {
        try
        {
            return await action();
        }
        catch (ReviewException ex)
        {
            return Problem(ex);
        }
    }
}
