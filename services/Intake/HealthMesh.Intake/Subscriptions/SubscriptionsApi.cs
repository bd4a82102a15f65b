using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Subscriptions;

/// <summary>
/// <c>GET /subscriptions</c> and <c>GET /subscriptions/{id}/health</c>: each configured subscription's health (active,
/// recovering, error) with the reason, so an operator sees missed events and failing recoveries.
/// </summary>
public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/subscriptions");
        api.MapGet("/", ListSubscriptionsAsync);
        api.MapGet("/{subscriptionId}/health", GetSubscriptionHealthAsync);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SubscriptionHealthView>>> ListSubscriptionsAsync(
        SubscriptionStateStore store, IOptionsMonitor<IntakeOptions> options, CancellationToken cancellationToken)
    {
        var configured = options.CurrentValue.Subscriptions;
        var states = await store.ListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SubscriptionHealthView>>(
            [.. states.Where(s => configured.ContainsKey(s.SubscriptionId)).Select(SubscriptionHealthView.From)]);
    }

    public static async Task<Results<Ok<SubscriptionHealthView>, NotFound<ProblemDetails>>> GetSubscriptionHealthAsync(
        string subscriptionId, SubscriptionStateStore store, IOptionsMonitor<IntakeOptions> options, CancellationToken cancellationToken)
    {
        var state = options.CurrentValue.Subscriptions.ContainsKey(subscriptionId) ? await store.FindAsync(subscriptionId, cancellationToken) : null;
        return state is null
            ? TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = $"No subscription '{subscriptionId}' is configured, or its monitor has not started yet." })
            : TypedResults.Ok(SubscriptionHealthView.From(state));
    }
}
