using HealthMesh.ServiceDefaults.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Deidentification.Audit;

/// <summary>The operator's view of what de-identification changed in one workflow (counts only). 404 ProblemDetails when none.</summary>
public static class DeidentificationAuditApi
{
    /// <summary>
    /// Maps the audit behind <paramref name="operatorPolicy"/>: an authorization policy of the host (the Orchestrator's
    /// operator role, where operators already authenticate). The De-identification host has no user authentication of
    /// its own, so it does not serve this API.
    /// </summary>
    public static IEndpointRouteBuilder MapDeidentificationApi(this IEndpointRouteBuilder app, string operatorPolicy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorPolicy);
        var api = app.MapGroup("/api/deidentification").WithTags("De-identification").RequireAuthorization(operatorPolicy);
        api.MapGet("/workflows/{workflowId:guid}/audit", GetAudit).WithName("GetDeidentificationAudit");
        return app;
    }

    public static async Task<Results<Ok<DeidentificationAuditRecord>, ProblemHttpResult>> GetAudit(IClinicalDocumentStore documents, Guid workflowId, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await documents.GetAsync(ClinicalDocumentReference.For(workflowId, KnownDocumentNames.Audit), cancellationToken);
            return TypedResults.Ok(DeidentificationAuditRecord.FromJson(bytes));
        }
        catch (ClinicalDocumentNotFoundException)
        {
            return TypedResults.Problem(
                $"No de-identification audit for workflow {workflowId}: unknown workflow, or its context is not de-identified yet.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Audit not found");
        }
    }
}
