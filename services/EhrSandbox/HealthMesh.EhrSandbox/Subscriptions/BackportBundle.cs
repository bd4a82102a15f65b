using System.Globalization;
using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>
/// Subscriptions Backport IG (R4) bundles: a <c>history</c> Bundle whose first entry is the SubscriptionStatus
/// Parameters, then one entry per event focus (none for <c>empty</c>, no resource for <c>id-only</c>). Used for
/// notifications and for the <c>$events</c> and <c>$status</c> answers.
/// </summary>
public static class BackportBundle
{
    public static Parameters Status(string subscriptionUrl, Subscription subscription, string type, long eventsSinceStart)
    {
        var status = new Parameters { Meta = new Meta { Profile = [KnownSubscriptionUrls.BackportSubscriptionStatusProfile] } };
        status.Add("subscription", new ResourceReference(subscriptionUrl));
        status.Add("topic", new Canonical(subscription.Criteria));
        status.Add("status", new Code(subscription.Status is Subscription.SubscriptionStatus.Active ? "active" : subscription.Status?.ToString().ToLowerInvariant() ?? "active"));
        status.Add("type", new Code(type));
        status.Add("events-since-subscription-start", new FhirString(eventsSinceStart.ToString(CultureInfo.InvariantCulture)));
        if (subscription.Channel?.GetExtensionValue<UnsignedInt>(KnownSubscriptionUrls.HeartbeatPeriodExtension)?.Value is { } heartbeat)
        {
            status.Add("heartbeat-period", new UnsignedInt(heartbeat));
        }

        return status;
    }

    public static Bundle Create(Parameters status, string subscriptionId, DateTimeOffset timestamp, Bundle.BundleType type = Bundle.BundleType.History) => new()
    {
        Meta = new Meta { Profile = [KnownSubscriptionUrls.BackportSubscriptionNotificationProfile] },
        Type = type,
        Timestamp = timestamp,
        Entry =
        [
            new Bundle.EntryComponent
            {
                FullUrl = $"urn:uuid:{Guid.NewGuid()}",
                Resource = status,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"Subscription/{subscriptionId}/$status" },
                Response = new Bundle.ResponseComponent { Status = "200" },
            },
        ],
    };

    /// <summary>Adds one event: its <c>notification-event</c> in the status and, unless <c>empty</c>, its focus entry.</summary>
    public static void AddEvent(Bundle bundle, Parameters status, long eventNumber, DateTimeOffset timestamp, string focusUrl, string relativeFocus, Resource? focus, string? versionId, DateTimeOffset? lastModified, string payloadContent)
    {
        status.Parameter.Add(new Parameters.ParameterComponent
        {
            Name = "notification-event",
            Part =
            [
                new Parameters.ParameterComponent { Name = "event-number", Value = new FhirString(eventNumber.ToString(CultureInfo.InvariantCulture)) },
                new Parameters.ParameterComponent { Name = "timestamp", Value = new Instant(timestamp) },
                new Parameters.ParameterComponent { Name = "focus", Value = new ResourceReference(focusUrl) },
            ],
        });

        if (payloadContent == SubscriptionCriteria.Empty)
        {
            return;
        }

        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = focusUrl,
            Resource = payloadContent == SubscriptionCriteria.FullResource ? focus : null,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = relativeFocus },
            Response = new Bundle.ResponseComponent { Status = "200", LastModified = lastModified, Etag = $"W/\"{versionId}\"" },
        });
    }
}
