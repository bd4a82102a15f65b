using System.Security.Claims;
using HealthMesh.Orchestrator.Reviewers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>
/// <c>GET /api/failed-messages</c> lists failed step commands of faulted workflows (with exception type, reason and
/// workflow; <c>?parked=true</c>: the parked ones); <c>POST /api/failed-messages/retry</c> retries one, a selection (<c>messageIds</c>), all of a kind
/// (<c>messageType</c>) or all (<c>all: true</c>), of the parked ones with <c>parked: true</c>;
/// <c>POST /api/failed-messages/park</c> moves them to the parking queue.
/// The signed-in operator's subject is recorded as who asked.
/// </summary>
public static class FailedMessagesApi
{
    public static IEndpointRouteBuilder MapFailedMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/failed-messages").WithTags("Operations");
        api.MapGet("/", List).WithName("ListFailedMessages");
        api.MapPost("/retry", Retry).WithName("RetryFailedMessages");
        api.MapPost("/park", Park).WithName("ParkFailedMessages");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<FailedMessage>>> List(FailedMessageService failed, string? messageType, bool? parked, CancellationToken cancellationToken) =>
        TypedResults.Ok(await failed.ListAsync(messageType, parked ?? false, cancellationToken));

    public static async Task<Results<Ok<FailedMessagesResult>, ProblemHttpResult>> Retry(
        FailedMessageService failed, FailedMessagesRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Invalid(request) is { } problem ? problem : TypedResults.Ok(await failed.RetryAsync(request, ReviewerIdentity.SubjectOf(user), cancellationToken));

    public static async Task<Results<Ok<FailedMessagesResult>, ProblemHttpResult>> Park(
        FailedMessageService failed, FailedMessagesRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Invalid(request) is { } problem ? problem
        : request.Parked ? TypedResults.Problem("Parked messages are parked already; 'parked' applies to retry.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request")
        : TypedResults.Ok(await failed.ParkAsync(request, ReviewerIdentity.SubjectOf(user), cancellationToken));

    private static ProblemHttpResult? Invalid(FailedMessagesRequest request)
    {
        if (request.MessageIds is not { Count: > 0 } && request.MessageType is null && !request.All)
        {
            return TypedResults.Problem("Say which failed messages: 'messageIds', 'messageType', or 'all': true.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        return null;
    }
}
