using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.FunctionalTests.Fixtures;

/// <summary>Subscriptions Backport IG (R4) notification Bundles, as an EHR sends them.</summary>
public static class BackportNotifications
{
    public const string Topic = "http://example.org/fhir/SubscriptionTopic/encounter-finished";

    public static string Handshake() => Serialize(Status("handshake"));

    public static string Heartbeat() => Serialize(Status("heartbeat"));

    /// <summary>One event; with <paramref name="focus"/> the payload is full-resource, without it id-only.</summary>
    public static string Event(string eventNumber, string focusReference, Resource? focus, string baseUrl)
    {
        var status = Status("event-notification");
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

    private static Parameters Status(string type) => new()
    {
        Meta = new Meta { Profile = ["http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4"] },
        Parameter =
        [
            new Parameters.ParameterComponent { Name = "subscription", Value = new ResourceReference("Subscription/sub-1") },
            new Parameters.ParameterComponent { Name = "topic", Value = new Canonical(Topic) },
            new Parameters.ParameterComponent { Name = "status", Value = new Code("active") },
            new Parameters.ParameterComponent { Name = "type", Value = new Code(type) },
        ],
    };
}
