using HealthMesh.ServiceDefaults.Fhir;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>
/// <c>GET /api/audit?workflowId=&amp;from=&amp;to=</c>: the trail as a FHIR R4 Bundle of AuditEvent resources
/// (<c>application/fhir+json</c>); <c>GET /api/audit/verify</c>: whether the chain is intact and where it first breaks.
/// Operator role only (the caller's group applies it): the trail says who looked at which patient's note.
/// Errors are ProblemDetails (400 for a bad range).
/// </summary>
public static class AuditApi
{
    public const string FhirJsonContentType = "application/fhir+json";

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit");
        api.MapGet("/", Export).WithName("ExportAuditTrail");
        api.MapGet("/verify", Verify).WithName("VerifyAuditTrail");
        return app;
    }

    /// <param name="from">Inclusive lower bound of the recorded time.</param>
    /// <param name="to">Exclusive upper bound of the recorded time.</param>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Export(
        [AsParameters] AuditApiServices services, Guid? workflowId, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is not null && to is not null && from >= to)
        {
            return TypedResults.Problem($"'from' ({from:O}) must be before 'to' ({to:O}).", statusCode: StatusCodes.Status400BadRequest, title: "Invalid audit range");
        }

        var records = await services.Trail.QueryAsync(workflowId, from, to, AuditTrail.MaxQueryRecords, services.CancellationToken);
        var bundle = AuditEventExport.ToBundle(records, services.Clock.GetUtcNow());
        return TypedResults.Content(FhirJson.Serialize(bundle), FhirJsonContentType);
    }

    public static async Task<Ok<AuditVerification>> Verify([AsParameters] AuditApiServices services) =>
        TypedResults.Ok(await services.Trail.VerifyAsync(services.CancellationToken));
}
