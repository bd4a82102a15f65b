using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Notifications;

/// <summary>Checks a delivery's channel header against the subscription's configured secret.</summary>
public sealed class SubscriptionAuthenticator(IOptionsMonitor<IntakeOptions> options)
{
    public SubscriptionAuthentication Authenticate(string subscriptionId, IHeaderDictionary headers)
    {
        if (!options.CurrentValue.Subscriptions.TryGetValue(subscriptionId, out var subscription))
        {
            return SubscriptionAuthentication.UnknownSubscription;
        }

        var expected = string.Equals(subscription.Header, IntakeSubscriptionOptions.DefaultHeader, StringComparison.OrdinalIgnoreCase)
            ? $"Bearer {subscription.Secret}"
            : subscription.Secret;
        var provided = headers[subscription.Header].ToString();

        // Comparing fixed-length hashes in constant time reveals neither the secret's content nor its length through timing.
        var matches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(provided)));
        return matches ? SubscriptionAuthentication.Authenticated : SubscriptionAuthentication.InvalidSecret;
    }
}
