using HealthMesh.EhrSandbox.Subscriptions;
using Hl7.Fhir.Model;

namespace HealthMesh.AllInOne.Subscriptions;

/// <summary>The Subscription resources <c>subscriptions create</c> makes: Backport IG (topic + filter) or classic R4 criteria.</summary>
public static class SubscriptionResources
{
    public static Subscription Create(
        string ehrSubscriptionId, string filter, string? topic, bool classic, string payload, int? heartbeatSeconds, string endpoint, string header, string secret)
    {
        var headerLine = header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? $"Authorization: Bearer {secret}" : $"{header}: {secret}";
        var subscription = new Subscription
        {
            Id = ehrSubscriptionId,
            Status = Subscription.SubscriptionStatus.Requested,
            Reason = "HealthMesh: structured note drafts for review",
            Criteria = classic ? filter : topic ?? DefaultTopic(filter),
            Channel = new Subscription.ChannelComponent
            {
                Type = Subscription.SubscriptionChannelType.RestHook,
                Endpoint = endpoint,
                Payload = payload == SubscriptionCriteria.Empty && classic ? null : "application/fhir+json",
                Header = [headerLine],
            },
        };

        if (classic)
        {
            return subscription;
        }

        subscription.Meta = new Meta { Profile = [KnownSubscriptionUrls.BackportSubscriptionProfile] };
        subscription.CriteriaElement.SetStringExtension(KnownSubscriptionUrls.FilterCriteriaExtension, filter);
        subscription.Channel.PayloadElement.SetExtension(KnownSubscriptionUrls.PayloadContentExtension, new Code(payload));
        if (heartbeatSeconds is > 0)
        {
            subscription.Channel.SetExtension(KnownSubscriptionUrls.HeartbeatPeriodExtension, new UnsignedInt(heartbeatSeconds));
        }

        return subscription;
    }

    private static string DefaultTopic(string filter) =>
        $"http://healthmesh.example/SubscriptionTopic/{filter.Split('?')[0].ToLowerInvariant()}";
}
