namespace HealthMesh.Intake.Notifications;

/// <summary>
/// Names in the Subscriptions R5 Backport IG's R4 <c>SubscriptionStatus</c> representation (a <c>Parameters</c> resource,
/// profile backport-subscription-status-r4) that Intake reads.
/// </summary>
public static class KnownSubscriptionStatus
{
    public const string Type = "type";
    public const string NotificationEvent = "notification-event";
    public const string EventNumber = "event-number";
    public const string Focus = "focus";
    public const string Subscription = "subscription";
    public const string Topic = "topic";
    public const string EventsSinceSubscriptionStart = "events-since-subscription-start";
    public const string Status = "status";

    public const string Handshake = "handshake";
    public const string Heartbeat = "heartbeat";
    public const string EventNotification = "event-notification";
    public const string QueryStatus = "query-status";
    public const string QueryEvent = "query-event";
}
