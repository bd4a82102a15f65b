using HealthMesh.EhrSandbox.Resources;
using HealthMesh.EhrSandbox.Search;
using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>
/// What a stored Subscription listens for and how it wants to be told. Classic R4: <c>criteria</c> is a search such as
/// <c>Encounter?status=finished</c>. Backport IG: <c>criteria</c> is a topic canonical and the search is the
/// <c>backport-filter-criteria</c> extension on it; the payload is the <c>backport-payload-content</c> extension and the
/// optional heartbeat the <c>backport-heartbeat-period</c> extension (seconds) on the channel.
/// </summary>
public sealed record SubscriptionCriteria(string ResourceType, string Query, bool IsBackport, string PayloadContent, TimeSpan? HeartbeatPeriod)
{
    public const string Empty = "empty";
    public const string IdOnly = "id-only";
    public const string FullResource = "full-resource";

    public static SubscriptionCriteria Validate(Subscription subscription)
    {
        var isBackport = subscription.Meta?.Profile.Contains(KnownSubscriptionUrls.BackportSubscriptionProfile) == true;
        var channel = subscription.Channel ?? throw FhirInteractionException.BadRequest("Subscription.channel is required.", OperationOutcome.IssueType.Required);
        if (channel.Type != Subscription.SubscriptionChannelType.RestHook)
        {
            throw FhirInteractionException.NotSupported($"Subscription.channel.type '{channel.Type}' is not supported; the sandbox delivers rest-hook only.");
        }

        if (!Uri.TryCreate(channel.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw FhirInteractionException.BadRequest($"Subscription.channel.endpoint '{channel.Endpoint}' must be an absolute http(s) URL.");
        }

        if (channel.Payload is not (null or "application/fhir+json" or "application/json"))
        {
            throw FhirInteractionException.NotSupported($"Subscription.channel.payload '{channel.Payload}' is not supported; use application/fhir+json or leave it out.");
        }

        if (channel.Header.Any(h => h is null || !h.Contains(':')))
        {
            throw FhirInteractionException.BadRequest("Every Subscription.channel.header must be 'Name: value'.");
        }

        var search = isBackport
            ? subscription.CriteriaElement?.GetStringExtension(KnownSubscriptionUrls.FilterCriteriaExtension)
                ?? throw FhirInteractionException.BadRequest($"A backport Subscription needs its search in the {KnownSubscriptionUrls.FilterCriteriaExtension} extension on criteria.", OperationOutcome.IssueType.Required)
            : subscription.Criteria ?? throw FhirInteractionException.BadRequest("Subscription.criteria is required.", OperationOutcome.IssueType.Required);

        var separator = search.IndexOf('?');
        var type = separator < 0 ? search : search[..separator];
        var query = separator < 0 ? string.Empty : search[(separator + 1)..];
        try
        {
            FhirInteractions.EnsureKnownType(type);
            SearchQueryParser.Parse(type, query, 1);
        }
        catch (FhirInteractionException e)
        {
            throw FhirInteractionException.BadRequest($"Subscription criteria '{search}' is not a supported search: {e.Message}");
        }

        var payloadContent = isBackport
            ? channel.PayloadElement?.GetExtensionValue<Code>(KnownSubscriptionUrls.PayloadContentExtension)?.Value ?? (channel.Payload is null ? Empty : IdOnly)
            : channel.Payload is null ? Empty : FullResource;
        if (payloadContent is not (Empty or IdOnly or FullResource))
        {
            throw FhirInteractionException.BadRequest($"Payload content '{payloadContent}' must be empty, id-only or full-resource.");
        }

        var heartbeatSeconds = isBackport ? channel.GetExtensionValue<UnsignedInt>(KnownSubscriptionUrls.HeartbeatPeriodExtension)?.Value : null;
        return new SubscriptionCriteria(type, query, isBackport, payloadContent, heartbeatSeconds is > 0 ? TimeSpan.FromSeconds(heartbeatSeconds.Value) : null);
    }
}
