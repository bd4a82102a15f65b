using System.Globalization;
using System.Net;
using HealthMesh.Intake.Context;
using HealthMesh.Intake.Notifications;
using HealthMesh.ServiceDefaults.Ehr;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Subscriptions;

/// <summary>
/// Fetches the events a subscription missed and feeds each through <see cref="ClinicalEventIntake"/>, whose
/// de-duplication by event number and by resource + version makes re-fetching harmless. First
/// <c>Subscription/{id}/$events</c> (Backport IG); when the EHR does not offer it (404, 400, 405, 501) or its answer
/// does not cover the missing numbers, a <c>_lastUpdated</c> search per trigger resource type over the window.
/// </summary>
public sealed partial class SubscriptionRecovery(
    SubscriptionStateStore store,
    ClinicalEventIntake intake,
    IServiceProvider services,
    IHttpClientFactory httpClients,
    IOptions<EhrOptions> ehr,
    IOptions<RecoveryOptions> options,
    TimeProvider clock,
    ILogger<SubscriptionRecovery> logger) : IDisposable
{
    private static readonly HttpStatusCode[] NotSupported =
        [HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.MethodNotAllowed, HttpStatusCode.NotImplemented];

    private readonly FhirClient client = services.CreateEhrFhirClient();

    /// <summary>Recovers the window recorded in <paramref name="state"/> and sets the health: active when done, error with the reason when not.</summary>
    public async Task<SubscriptionState?> RecoverAsync(SubscriptionState state, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var counts = new RecoveryCounts();
        string method;
        try
        {
            method = await RecoverWindowAsync(state, counts, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = Describe(e);
            LogFailed(state.SubscriptionId, reason);
            return await store.UpdateAsync(state.SubscriptionId, current => SameWindow(current, state)
                ? current with
                {
                    Health = SubscriptionHealth.Error,
                    HealthReason = $"Recovery failed: {reason} ({counts} before the failure). Retried by the monitor.",
                    HealthChangedAt = current.Health == SubscriptionHealth.Error ? current.HealthChangedAt : clock.GetUtcNow(),
                }
                : null, CancellationToken.None);
        }

        var summary = $"{started:O}: recovered after \"{state.HealthReason}\" via {method}; {counts}.";
        LogRecovered(state.SubscriptionId, method, counts.Found, counts.Accepted);
        return await store.UpdateAsync(state.SubscriptionId, current => SameWindow(current, state)
            ? current with
            {
                Health = SubscriptionHealth.Active,
                HealthReason = null,
                HealthChangedAt = clock.GetUtcNow(),
                // Everything up to the start of this recovery is accounted for; later events come by notification.
                WatermarkAt = current.WatermarkAt > started ? current.WatermarkAt : started,
                RecoverSince = null,
                RecoverFromEvent = null,
                RecoverToEvent = null,
                LastRecovery = summary,
            }
            // A new gap widened the window meanwhile: stay recovering, the monitor runs again.
            : current with { LastRecovery = summary }, cancellationToken);
    }

    public void Dispose() => client.Dispose();

    private async Task<string> RecoverWindowAsync(SubscriptionState state, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        var from = state.RecoverFromEvent ?? state.LastEventNumber + 1;
        if (from is { } since && ResourceKey.TryParse(state.EhrSubscription, out var subscription) && subscription.ResourceType == "Subscription")
        {
            var numbers = await QueryEventsAsync(state, subscription.Id, since, state.RecoverToEvent, counts, cancellationToken);
            if (numbers is not null)
            {
                // Counted, not enumerated: a reported count may be far ahead of the last number seen.
                var complete = state.RecoverToEvent is { } to && numbers.Count(n => n >= since && n <= to) == to - since + 1;
                if (complete)
                {
                    return $"$events {since}-{state.RecoverToEvent}";
                }

                // The EHR keeps events for a limited time only, or the window has no upper bound (missed heartbeat).
                await SearchAsync(state, counts, cancellationToken);
                return $"$events from {since} and a _lastUpdated search";
            }
        }

        await SearchAsync(state, counts, cancellationToken);
        return "a _lastUpdated search";
    }

    /// <summary>The event numbers the EHR returned, or null when it does not support <c>$events</c>.</summary>
    private async Task<HashSet<long>?> QueryEventsAsync(
        SubscriptionState state, string ehrSubscriptionId, long since, long? until, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        var url = $"{ehr.Value.BaseUrl!.AbsoluteUri.TrimEnd('/')}/Subscription/{Uri.EscapeDataString(ehrSubscriptionId)}/$events"
                  + $"?eventsSinceNumber={since.ToString(CultureInfo.InvariantCulture)}"
                  + (until is { } last ? $"&eventsUntilNumber={last.ToString(CultureInfo.InvariantCulture)}" : "")
                  + "&content=full-resource";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        using var response = await httpClients.CreateClient(EhrOptions.HttpClientName).SendAsync(request, cancellationToken);
        if (NotSupported.Contains(response.StatusCode))
        {
            LogEventsNotSupported(state.SubscriptionId, (int)response.StatusCode);
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RecoveryFailedException($"the EHR answered {(int)response.StatusCode} to $events");
        }

        IReadOnlyList<NotificationEvent> events;
        try
        {
            events = NotificationParser.ParseQueryEvents(FhirJson.Parse<Bundle>(await response.Content.ReadAsByteArrayAsync(cancellationToken)));
        }
        catch (Exception e) when (e is IntakeRejectedException or Hl7.Fhir.Serialization.DeserializationFailedException or System.Text.Json.JsonException)
        {
            throw new RecoveryFailedException("the EHR's $events answer is not a query-event history Bundle", e);
        }

        var numbers = new HashSet<long>();
        // An event without a focus (the EHR ignored content=full-resource) cannot be used: its number stays uncovered,
        // so the _lastUpdated search runs for the window.
        foreach (var missed in events)
        {
            if (missed.Focus is not { } focus)
            {
                continue;
            }

            await AcceptAsync(new NotificationSource(state.SubscriptionId, missed.EventNumber), focus, missed.Resource, counts, cancellationToken);
            if (long.TryParse(missed.EventNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                numbers.Add(number);
            }
        }

        return numbers;
    }

    private async System.Threading.Tasks.Task SearchAsync(SubscriptionState state, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        var since = (state.RecoverSince ?? state.WatermarkAt) - options.Value.SearchOverlap;
        var criteria = $"_lastUpdated=gt{since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}";
        foreach (var type in state.ResourceTypes)
        {
            var page = await client.SearchAsync(type, [criteria], ct: cancellationToken);
            for (var pages = 1; page is not null; pages++)
            {
                foreach (var entry in page.Entry)
                {
                    if (entry.Resource is { Id: { } id } resource && resource.TypeName == type && entry.Search?.Mode is null or Bundle.SearchEntryMode.Match)
                    {
                        await AcceptAsync(
                            new NotificationSource(state.SubscriptionId, null), new ResourceKey(type, id, resource.Meta?.VersionId), resource, counts, cancellationToken);
                    }
                }

                if (pages == options.Value.MaxSearchPages)
                {
                    throw new RecoveryFailedException($"the {type} search returned more than {options.Value.MaxSearchPages} pages; raise {RecoveryOptions.SectionName}:MaxSearchPages");
                }

                page = await client.ContinueAsync(page, ct: cancellationToken);
            }
        }
    }

    private async System.Threading.Tasks.Task AcceptAsync(NotificationSource source, ResourceKey key, Resource? resource, RecoveryCounts counts, CancellationToken cancellationToken)
    {
        counts.Found++;
        try
        {
            var outcome = await intake.AcceptAsync(source, key, resource, cancellationToken);
            switch (outcome.Kind)
            {
                case IntakeOutcomeKind.Accepted:
                    counts.Accepted++;
                    break;
                case IntakeOutcomeKind.Duplicate:
                    counts.Duplicates++;
                    break;
                default:
                    counts.Ignored++;
                    break;
            }
        }
        catch (IntakeRejectedException)
        {
            // Bad data is skipped as its notification would have been (4xx); the journal keeps the rejection.
            counts.Rejected++;
        }
    }

    /// <summary>Ids and statuses only: EHR diagnostics may quote clinical data.</summary>
    private static string Describe(Exception e) => e switch
    {
        RecoveryFailedException or IntakeUnavailableException => e.Message,
        FhirOperationException fhir => $"the EHR answered {(int)fhir.Status} to a recovery search",
        _ => $"the EHR could not be reached ({e.GetType().Name})",
    };

    private static bool SameWindow(SubscriptionState current, SubscriptionState recovered) =>
        current.RecoverSince == recovered.RecoverSince
        && current.RecoverFromEvent == recovered.RecoverFromEvent
        && current.RecoverToEvent == recovered.RecoverToEvent;

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId}: the EHR answered {StatusCode} to $events; searching by _lastUpdated")]
    private partial void LogEventsNotSupported(string subscriptionId, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} recovered via {Method}: {Found} found, {Accepted} accepted")]
    private partial void LogRecovered(string subscriptionId, string method, int found, int accepted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} recovery failed: {Reason}")]
    private partial void LogFailed(string subscriptionId, string reason);
}
