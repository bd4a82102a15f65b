using HealthMesh.Orchestrator.Reviewers;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>The governance audit trail: store, bus consumer, review-access recording and the operator API.</summary>
public static class AuditExtensions
{
    public static IHostApplicationBuilder AddAuditTrail(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<AuditTrail>();
        builder.Services.TryAddSingleton<ReviewAccessAudit>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddAuditTrailConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AuditTrailConsumer, AuditTrailConsumerDefinition>();
        return bus;
    }

    /// <summary><c>/api/audit</c> and <c>/api/audit/verify</c>, operator role only.</summary>
    public static IEndpointRouteBuilder MapAuditTrailApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").RequireAuthorization(KnownReviewerPolicies.Operate).MapAuditApi();
        return app;
    }
}
