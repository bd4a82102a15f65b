namespace HealthMesh.Intake.Notifications;

public enum SubscriptionAuthentication
{
    UnknownSubscription,
    InvalidSecret,
    Authenticated,
}
