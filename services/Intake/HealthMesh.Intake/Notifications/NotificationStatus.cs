namespace HealthMesh.Intake.Notifications;

/// <summary>The Backport IG SubscriptionStatus header of a notification: which EHR subscription, its topic, and its event count.</summary>
/// <param name="Subscription">The EHR's Subscription reference (the id <c>$events</c> is asked on).</param>
/// <param name="EventsSinceSubscriptionStart">The highest event number the EHR has generated; null when absent or not a number.</param>
/// <param name="Status">The subscription's status as the EHR reports it (<c>requested</c>, <c>active</c>, <c>error</c>, <c>off</c>).</param>
public sealed record NotificationStatus(string? Subscription, string? Topic, long? EventsSinceSubscriptionStart, string? Status);
