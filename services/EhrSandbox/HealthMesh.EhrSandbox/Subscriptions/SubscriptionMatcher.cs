using System.Globalization;
using System.Text.Json;
using Dapper;
using HealthMesh.EhrSandbox.Persistence;
using HealthMesh.EhrSandbox.Resources;
using HealthMesh.EhrSandbox.Search;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>
/// Runs inside every write transaction: finds the active subscriptions the written resource now matches and queues their
/// rest-hook notifications in the outbox table, so a notification exists exactly when the change was committed.
/// </summary>
public sealed class SubscriptionMatcher(ResourceSearch search, IOptions<EhrSandboxOptions> options, TimeProvider clock, ILogger<SubscriptionMatcher> logger)
{
    public async Task QueueNotificationsAsync(SqliteConnection connection, SqliteTransaction transaction, Resource resource, bool isNew)
    {
        if (resource is Subscription { Status: Subscription.SubscriptionStatus.Active } created && isNew
            && SubscriptionCriteria.Validate(created) is { IsBackport: true } createdCriteria)
        {
            await QueueAsync(connection, transaction, created, BackportNotification(created, createdCriteria, "handshake", 0, null));
        }

        foreach (var json in await connection.QueryAsync<string>(SandboxSql.Get("SelectActiveSubscriptions"), transaction: transaction))
        {
            var subscription = FhirResourceParser.Parse<Subscription>(json);
            if (Criteria(subscription) is not { } criteria || criteria.ResourceType != resource.TypeName)
            {
                continue;
            }

            var query = SearchQueryParser.Parse(criteria.ResourceType, criteria.Query, 1);
            if (!await search.MatchesAsync(connection, transaction, query, resource.Id!))
            {
                continue;
            }

            if (criteria.IsBackport)
            {
                var eventNumber = await connection.ExecuteScalarAsync<long>(
                    SandboxSql.Get("IncrementSubscriptionEventCounter"), new { SubscriptionId = subscription.Id }, transaction);
                await connection.ExecuteAsync(
                    SandboxSql.Get("InsertSubscriptionEvent"),
                    new
                    {
                        SubscriptionId = subscription.Id,
                        EventNumber = eventNumber,
                        ResourceType = resource.TypeName,
                        ResourceId = resource.Id,
                        VersionId = long.Parse(resource.Meta!.VersionId!, CultureInfo.InvariantCulture),
                        OccurredAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                    },
                    transaction);
                await QueueAsync(connection, transaction, subscription, BackportNotification(subscription, criteria, "event-notification", eventNumber, resource));
            }
            else
            {
                await QueueAsync(connection, transaction, subscription, criteria.PayloadContent == SubscriptionCriteria.Empty ? null : resource);
            }

            logger.LogInformation("Queued notification for Subscription/{SubscriptionId} on {ResourceType}/{ResourceId}", subscription.Id, resource.TypeName, resource.Id);
        }
    }

    /// <summary>
    /// Queues a Backport IG heartbeat for every active subscription that asked for one and has had no notification queued
    /// for its heartbeat period. Called by the delivery worker each round.
    /// </summary>
    public async Task QueueHeartbeatsAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var json in await connection.QueryAsync<string>(SandboxSql.Get("SelectActiveSubscriptions"), transaction: transaction))
        {
            var subscription = FhirResourceParser.Parse<Subscription>(json);
            if (Criteria(subscription) is not { HeartbeatPeriod: { } period } criteria)
            {
                continue;
            }

            var state = await connection.QuerySingleOrDefaultAsync<SubscriptionStateRow>(
                SandboxSql.Get("SelectSubscriptionState"), new { SubscriptionId = subscription.Id }, transaction) ?? new SubscriptionStateRow();
            if (now - state.LastQueuedAt >= (long)period.TotalMilliseconds)
            {
                await QueueAsync(connection, transaction, subscription, BackportNotification(subscription, criteria, "heartbeat", state.EventsSinceStart, null));
            }
        }
    }

    /// <summary>
    /// A stored subscription was valid when written; should one no longer be (rules tightened since), it is skipped with a
    /// warning rather than failing every write that follows.
    /// </summary>
    private SubscriptionCriteria? Criteria(Subscription subscription)
    {
        try
        {
            return SubscriptionCriteria.Validate(subscription);
        }
        catch (FhirInteractionException)
        {
            logger.LogWarning("Skipping Subscription/{SubscriptionId}: its criteria or channel are no longer supported", subscription.Id);
            return null;
        }
    }

    private async Task QueueAsync(SqliteConnection connection, SqliteTransaction transaction, Subscription subscription, Resource? body)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(SandboxSql.Get("TouchSubscriptionState"), new { SubscriptionId = subscription.Id, Now = now }, transaction);
        await connection.ExecuteAsync(
            SandboxSql.Get("InsertSubscriptionDelivery"),
            new
            {
                SubscriptionId = subscription.Id,
                subscription.Channel.Endpoint,
                Headers = JsonSerializer.Serialize(subscription.Channel.Header.ToArray()),
                ContentType = body is null ? null : "application/fhir+json",
                Body = body is null ? null : FhirJson.Serialize(body),
                NextAttemptAt = now,
            },
            transaction);
    }

    /// <summary>A Backport IG notification: a history Bundle whose first entry is the SubscriptionStatus Parameters.</summary>
    private Bundle BackportNotification(Subscription subscription, SubscriptionCriteria criteria, string type, long eventsSinceStart, Resource? focus)
    {
        var now = clock.GetUtcNow();
        var status = BackportBundle.Status(Absolute($"Subscription/{subscription.Id}"), subscription, type, eventsSinceStart);
        var bundle = BackportBundle.Create(status, subscription.Id!, now);
        if (focus is not null)
        {
            var focusUrl = $"{focus.TypeName}/{focus.Id}";
            BackportBundle.AddEvent(bundle, status, eventsSinceStart, now, Absolute(focusUrl), focusUrl, focus, focus.Meta?.VersionId, focus.Meta?.LastUpdated, criteria.PayloadContent);
        }

        return bundle;
    }

    // Without a configured BaseUrl the sandbox cannot know its own address here (no request), so references stay relative.
    private string Absolute(string relative) =>
        options.Value.BaseUrl is { } baseUrl ? $"{baseUrl.AbsoluteUri.TrimEnd('/')}/{relative}" : relative;
}
