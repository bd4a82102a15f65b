using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Orchestrator.Operations.Status;

/// <summary><c>GET /api/operations/status</c>: workflows by state, the oldest of each state, faults of the last 24 hours by step and exception type.</summary>
public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/operations/status", GetStatus).WithTags("Operations").WithName("OperationsStatus");
        return app;
    }

    public static async Task<Ok<OperationsStatus>> GetStatus(OperationsStatusService status, CancellationToken cancellationToken) =>
        TypedResults.Ok(await status.GetAsync(cancellationToken));
}
