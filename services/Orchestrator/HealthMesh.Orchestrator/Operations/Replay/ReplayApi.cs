using System.Security.Claims;
using HealthMesh.Orchestrator.Reviewers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Orchestrator.Operations.Replay;

/// <summary>
/// <c>POST /api/replay</c>: replays the workflows the filters select from a step; <c>dryRun</c> answers with exactly
/// what would be sent. The signed-in operator's subject is recorded as who asked. Errors are ProblemDetails (400 for an
/// incomplete or contradictory request).
/// </summary>
public static class ReplayApi
{
    public static IEndpointRouteBuilder MapReplayApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/replay", Replay).WithTags("Operations").WithName("Replay");
        return app;
    }

    public static async Task<Results<Ok<ReplayResult>, ProblemHttpResult>> Replay(ReplayService replay, ReplayRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await replay.ReplayAsync(request, ReviewerIdentity.SubjectOf(user), cancellationToken: cancellationToken));
        }
        catch (ReplayValidationException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid replay");
        }
    }
}
