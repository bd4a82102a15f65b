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
    public static string Event(string eventNumber, string focusReference, Resource? focus, string baseUrl)
    {
        var status = Status("event-notification", eventNumber);
        status.Parameter.Add(new Parameters.ParameterComponent
        {
            Name = "notification-event",
            Part =
            [
                new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(eventNumber) },
                new Parameters.ParameterComponent { Name = "timestamp", Value = new Instant(DateTimeOffset.UtcNow) },
                new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference(focusReference) },
            ],
        });
        var bundle = Wrap(status);
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = $"{baseUrl}/{focusReference}",
            Resource = focus,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = focusReference },
            Response = new Bundle.ResponseComponent { Status = "200" },
        });
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

    private static Parameters Status(string type, string? eventsSinceStart)
    {
        var status = Status(type);
        if (eventsSinceStart is not null)
        {
            status.Parameter.Add(new Parameters.ParameterComponent { Name = "events-since-subscription-start", Value = new FhirString(eventsSinceStart) });
        }

        return status;
    }

    private static Parameters Status(string type) => new()
    {
        Meta = new Meta { Profile = ["http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4"] },
        Parameter =
        [
            new Parameters.ParameterComponent { Name = "subscription", Value = new ResourceReference(EhrSubscription) },
            new Parameters.ParameterComponent { Name = "topic", Value = new Canonical(Topic) },
            new Parameters.ParameterComponent { Name = "status", Value = new Code("active") },
            new Parameters.ParameterComponent { Name = "type", Value = new Code(type) },
        ],
    };
}
