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
        var status = new Parameters { Meta = new Meta { Profile = [KnownSubscriptionUrls.BackportSubscriptionStatusProfile] } };
        status.Add("subscription", new ResourceReference(Absolute($"Subscription/{subscription.Id}")));
        status.Add("topic", new Canonical(subscription.Criteria));
        status.Add("status", new Code("active"));
        status.Add("type", new Code(type));
        status.Add("events-since-subscription-start", new FhirString(eventsSinceStart.ToString(CultureInfo.InvariantCulture)));

        var bundle = new Bundle
        {
            Meta = new Meta { Profile = [KnownSubscriptionUrls.BackportSubscriptionNotificationProfile] },
            Type = Bundle.BundleType.History,
            Timestamp = now,
        };
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}",
            Resource = status,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Subscription/{subscription.Id}/$status" },
            Response = new Bundle.ResponseComponent { Status = "200" },
        });

        if (focus is null)
        {
            return bundle;
        }

        var focusUrl = $"{focus.TypeName}/{focus.Id}";
        status.Parameter.Add(new Parameters.ParameterComponent
        {
            Name = "notification-event",
            Part =
            [
                new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(eventsSinceStart.ToString(CultureInfo.InvariantCulture)) },
                new Parameters.ParameterComponent { Name = "timestamp", Value = new Instant(now) },
                new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference(Absolute(focusUrl)) },
            ],
        });

        if (criteria.PayloadContent != SubscriptionCriteria.Empty)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = Absolute(focusUrl),
                Resource = criteria.PayloadContent == SubscriptionCriteria.FullResource ? focus : null,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = focusUrl },
                Response = new Bundle.ResponseComponent { Status = "200", LastModified = focus.Meta?.LastUpdated, Etag = $"W/\"{focus.Meta?.VersionId}\"" },
            });
        }

        return bundle;
    }

    // Without a configured BaseUrl the sandbox cannot know its own address here (no request), so references stay relative.
    private string Absolute(string relative) =>
        options.Value.BaseUrl is { } baseUrl ? $"{baseUrl.AbsoluteUri.TrimEnd('/')}/{relative}" : relative;
}
