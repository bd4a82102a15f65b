namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>A queued notification as read from <c>subscription_deliveries</c>.</summary>
internal sealed class SubscriptionDeliveryRow
{
    public long DeliveryId { get; set; }

    public string SubscriptionId { get; set; } = string.Empty;

    public string Endpoint { get; set; } = string.Empty;

    public string Headers { get; set; } = "[]";

    public string? ContentType { get; set; }

    public string? Body { get; set; }

    public long Attempts { get; set; }
}
