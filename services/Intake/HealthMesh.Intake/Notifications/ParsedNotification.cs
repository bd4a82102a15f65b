namespace HealthMesh.Intake.Notifications;

/// <param name="Status">What the Backport IG's SubscriptionStatus says about the subscription; null in the classic R4 form.</param>
public sealed record ParsedNotification(NotificationKind Kind, IReadOnlyList<NotificationEvent> Events, NotificationStatus? Status = null)
{
    public static ParsedNotification Without(NotificationKind kind) => new(kind, []);
}
