using HealthMesh.Orchestrator.Reviewers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Orchestrator.Review;

/// <summary><c>GET /api/codes?q=&amp;limit=</c>: ICD-10-CM search for reviewers adding a code to a draft.</summary>
public static class CodeSearchApi
{
    public static IEndpointRouteBuilder MapCodeSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/codes").WithTags("Review").RequireAuthorization(KnownReviewerPolicies.Read).MapGet("/", SearchCodes).WithName("SearchCodes");
        return app;
    }

    public static Ok<IReadOnlyList<CodeSearchResult>> SearchCodes(Icd10CodeSearch codes, string? q, int? limit) =>
        TypedResults.Ok(codes.Search(q, limit ?? 20));
}
