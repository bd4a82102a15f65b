namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>A <c>subscription_state</c> row: events counted so far and when a notification was last queued (Unix ms).</summary>
internal sealed class SubscriptionStateRow
{
    public long EventsSinceStart { get; set; }

    public long LastQueuedAt { get; set; }
}
