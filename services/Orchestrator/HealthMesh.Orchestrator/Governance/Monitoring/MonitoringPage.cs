using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Reviewers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>
/// <c>/monitoring</c>: quality per engine version, drift and fairness with their alerts, server-rendered with inline SVG
/// charts under the review pages' sign-in and security headers; <c>/api/monitoring</c>: the same report as JSON. Any
/// of the reviewer, viewer and operator roles may read them: they hold rates and categories, no patient data.
/// </summary>
public static class MonitoringPage
{
    public static IEndpointRouteBuilder MapMonitoringPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/monitoring", Page).ExcludeFromDescription().RequireAuthorization(KnownReviewerPolicies.Read);
        app.MapGet("/api/monitoring", Report).RequireAuthorization(KnownReviewerPolicies.Read);
        return app;
    }

    /// <param name="since">Start of the period shown (ISO-8601); default <see cref="MonitoringOptions.History"/> back.</param>
    public static async Task<ContentHttpResult> Page([AsParameters] MonitoringPageServices services, HttpContext http, DateTimeOffset? since = null)
    {
        var report = await services.Monitoring.ComputeAsync(since, services.CancellationToken);
        var body = "<p><a href=\"/review\">&larr; Review queue</a></p>" + MonitoringHtml.Body(report, services.Monitoring.Options);
        return TypedResults.Content(ReviewPage.Render(http, "Monitoring", body), "text/html; charset=utf-8");
    }

    public static async Task<Ok<MonitoringReport>> Report([AsParameters] MonitoringPageServices services, DateTimeOffset? since = null) =>
        TypedResults.Ok(await services.Monitoring.ComputeAsync(since, services.CancellationToken));
}
