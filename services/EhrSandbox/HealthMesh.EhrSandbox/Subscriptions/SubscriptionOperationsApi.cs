using System.Globalization;
using System.Net;
using Dapper;
using HealthMesh.EhrSandbox.Interactions;
using HealthMesh.EhrSandbox.Persistence;
using HealthMesh.EhrSandbox.Resources;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;

namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>
/// The Backport IG's subscription operations: <c>Subscription/{id}/$events</c> (replay events by number, a
/// <c>query-event</c> history Bundle) and <c>Subscription/{id}/$status</c> (a <c>query-status</c> SubscriptionStatus).
/// </summary>
public static class SubscriptionOperationsApi
{
    public static RouteGroupBuilder MapSubscriptionOperations(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/{type}/{id}/$events", GetEvents);
        fhir.MapGet("/{type}/{id}/$status", GetStatus);
        return fhir;
    }

    public static async Task<FhirResponse> GetEvents(string type, string id, [AsParameters] FhirApiServices services, TimeProvider clock)
    {
        var query = services.HttpContext.Request.Query;
        var since = Number(query, "eventsSinceNumber") ?? 1;
        var until = Number(query, "eventsUntilNumber");
        await using var connection = await services.Database.OpenAsync(services.HttpContext.RequestAborted);
        var (subscription, criteria, eventsSinceStart) = await BackportSubscriptionAsync(connection, type, id, services, "$events");
        var content = query["content"].FirstOrDefault() ?? criteria.PayloadContent;
        if (content is not (SubscriptionCriteria.Empty or SubscriptionCriteria.IdOnly or SubscriptionCriteria.FullResource))
        {
            throw FhirInteractionException.BadRequest($"content '{content}' must be empty, id-only or full-resource.");
        }

        // A server may answer with fewer events than asked for; the subscriber sees which numbers came.
        var events = await connection.QueryAsync<SubscriptionEventRow>(
            SandboxSql.Get("SelectSubscriptionEvents"),
            new { SubscriptionId = id, Since = since, Until = until ?? eventsSinceStart, Limit = services.Options.Value.MaxPageSize });

        var baseUrl = FhirApi.BaseUrl(services);
        var status = BackportBundle.Status($"{baseUrl}/Subscription/{id}", subscription, "query-event", eventsSinceStart);
        var bundle = BackportBundle.Create(status, id, clock.GetUtcNow());
        foreach (var row in events)
        {
            var relative = $"{row.ResourceType}/{row.ResourceId}";
            Resource? focus = null;
            if (content == SubscriptionCriteria.FullResource
                && await services.Store.ReadVersionAsync(connection, row.ResourceType, row.ResourceId, row.VersionId) is { IsDeleted: false, Json: { } json })
            {
                focus = FhirResourceParser.Parse(json);
            }

            BackportBundle.AddEvent(
                bundle, status, row.EventNumber, DateTimeOffset.FromUnixTimeMilliseconds(row.OccurredAt), $"{baseUrl}/{relative}", relative, focus,
                row.VersionId.ToString(CultureInfo.InvariantCulture), focus?.Meta?.LastUpdated, content);
        }

        return new FhirResponse(HttpStatusCode.OK, bundle);
    }

    public static async Task<FhirResponse> GetStatus(string type, string id, [AsParameters] FhirApiServices services, TimeProvider clock)
    {
        await using var connection = await services.Database.OpenAsync(services.HttpContext.RequestAborted);
        var (subscription, _, eventsSinceStart) = await BackportSubscriptionAsync(connection, type, id, services, "$status");
        var baseUrl = FhirApi.BaseUrl(services);
        var status = BackportBundle.Status($"{baseUrl}/Subscription/{id}", subscription, "query-status", eventsSinceStart);
        return new FhirResponse(HttpStatusCode.OK, new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Timestamp = clock.GetUtcNow(),
            Total = 1,
            Entry =
            [
                new Bundle.EntryComponent
                {
                    FullUrl = $"urn:uuid:{Guid.NewGuid()}",
                    Resource = status,
                    Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
                },
            ],
        });
    }

    private static async Task<(Subscription Subscription, SubscriptionCriteria Criteria, long EventsSinceStart)> BackportSubscriptionAsync(
        SqliteConnection connection, string type, string id, FhirApiServices services, string operation)
    {
        if (type != "Subscription")
        {
            throw FhirInteractionException.NotFound($"{operation} is an operation on Subscription, not {type}.");
        }

        var stored = await services.Store.ReadAsync(connection, null, type, id);
        if (stored is not { IsDeleted: false, Json: { } json })
        {
            throw FhirInteractionException.NotFound($"Subscription/{id} is not known.");
        }

        var subscription = FhirResourceParser.Parse<Subscription>(json);
        var criteria = SubscriptionCriteria.Validate(subscription);
        if (!criteria.IsBackport)
        {
            throw FhirInteractionException.BadRequest(
                $"Subscription/{id} is a classic R4 subscription: it has no event numbers, so {operation} (Subscriptions Backport IG) does not apply.");
        }

        var state = await connection.QuerySingleOrDefaultAsync<SubscriptionStateRow>(SandboxSql.Get("SelectSubscriptionState"), new { SubscriptionId = id });
        return (subscription, criteria, state?.EventsSinceStart ?? 0);
    }

    private static long? Number(IQueryCollection query, string name)
    {
        if (query[name].FirstOrDefault() is not { } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw FhirInteractionException.BadRequest($"{name} '{text}' is not a non-negative integer.");
    }
}
