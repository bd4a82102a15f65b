namespace HealthMesh.Intake.Notifications;

public sealed record ParsedNotification(NotificationKind Kind, IReadOnlyList<NotificationEvent> Events)
{
    public static ParsedNotification Without(NotificationKind kind) => new(kind, []);
}
