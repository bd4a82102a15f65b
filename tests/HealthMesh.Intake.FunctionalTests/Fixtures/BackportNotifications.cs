using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.FunctionalTests.Fixtures;

/// <summary>Subscriptions Backport IG (R4) notification Bundles, as an EHR sends them.</summary>
public static class BackportNotifications
{
    public const string Topic = "http://example.org/fhir/SubscriptionTopic/encounter-finished";

    public const string EhrSubscription = "Subscription/sub-1";

    /// <param name="eventsSinceStart">The subscription's <c>events-since-subscription-start</c>; left out when null.</param>
    public static string Handshake(long? eventsSinceStart = null) => Serialize(Status("handshake", eventsSinceStart?.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static string Heartbeat(long? eventsSinceStart = null) => Serialize(Status("heartbeat", eventsSinceStart?.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// One event; with <paramref name="focus"/> the payload is full-resource, without it id-only. Its
    /// <c>events-since-subscription-start</c> is the event number, as the IG has it for a single-event notification.
    /// </summary>
    public static string Event(string eventNumber, string focusReference, Resource? focus, string baseUrl) =>
        Events("event-notification", long.Parse(eventNumber, System.Globalization.CultureInfo.InvariantCulture), baseUrl, (eventNumber, focusReference, focus));

    /// <summary>One event with payload <c>empty</c>: its number and timestamp only, no focus and no entry.</summary>
    public static string EmptyEvent(string eventNumber) =>
        Events("event-notification", long.Parse(eventNumber, System.Globalization.CultureInfo.InvariantCulture), "http://unused", (eventNumber, null, null));

    /// <summary>The answer of <c>Subscription/{id}/$status</c>.</summary>
    public static string QueryStatus(long eventsSinceStart, string status = "active") =>
        Serialize(Status("query-status", eventsSinceStart.ToString(System.Globalization.CultureInfo.InvariantCulture), status));

    /// <summary>The answer of <c>Subscription/{id}/$events</c>: each event id-only (null focus resource) or full-resource.</summary>
    public static string QueryEvent(long eventsSinceStart, string baseUrl, params (string EventNumber, string FocusReference, Resource? Focus)[] events) =>
        Events("query-event", eventsSinceStart, baseUrl, [.. events.Select(e => (e.EventNumber, (string?)e.FocusReference, e.Focus))]);

    /// <param name="events">A null focus reference is an event with payload <c>empty</c>.</param>
    private static string Events(string type, long eventsSinceStart, string baseUrl, params (string EventNumber, string? FocusReference, Resource? Focus)[] events)
    {
        var status = Status(type, eventsSinceStart.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var bundle = Wrap(status);
        foreach (var (eventNumber, focusReference, focus) in events)
        {
            var parameter = new Parameters.ParameterComponent
            {
                Name = "notification-event",
                Part =
                [
                    new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(eventNumber) },
                    new Parameters.ParameterComponent { Name = "timestamp", Value = new Instant(DateTimeOffset.UtcNow) },
                ],
            };
            status.Parameter.Add(parameter);
            if (focusReference is null)
            {
                continue;
            }

            parameter.Part.Add(new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference(focusReference) });
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{focusReference}",
                Resource = focus,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = focusReference },
                Response = new Bundle.ResponseComponent { Status = "200" },
            });
        }

        return FhirJson.Serialize(bundle);
    }

    private static string Serialize(Parameters status) => FhirJson.Serialize(Wrap(status));

    private static Bundle Wrap(Parameters status) => new()
    {
        Type = Bundle.BundleType.History,
        Timestamp = DateTimeOffset.UtcNow,
        Entry =
        [
            new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:9b4c9e8e-4a1f-4a53-a1b2-6f7f1c2d3e4f",
                Resource = status,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = "Subscription/sub-1/$status" },
                Response = new Bundle.ResponseComponent { Status = "200" },
            },
        ],
    };

    private static Parameters Status(string type, string? eventsSinceStart, string subscriptionStatus = "active")
    {
        var status = StatusParameters(type, subscriptionStatus);
        if (eventsSinceStart is not null)
        {
            status.Parameter.Add(new Parameters.ParameterComponent { Name = "events-since-subscription-start", Value = new FhirString(eventsSinceStart) });
        }

        return status;
    }

    private static Parameters StatusParameters(string type, string subscriptionStatus) => new()
    {
        Meta = new Meta { Profile = ["http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4"] },
        Parameter =
        [
            new Parameters.ParameterComponent { Name = "subscription", Value = new ResourceReference(EhrSubscription) },
            new Parameters.ParameterComponent { Name = "topic", Value = new Canonical(Topic) },
            new Parameters.ParameterComponent { Name = "status", Value = new Code(subscriptionStatus) },
            new Parameters.ParameterComponent { Name = "type", Value = new Code(type) },
        ],
    };
}
