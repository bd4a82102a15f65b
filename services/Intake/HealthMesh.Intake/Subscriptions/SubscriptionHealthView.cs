namespace HealthMesh.Intake.Subscriptions;

/// <summary>The JSON answer of <c>GET /subscriptions</c> and <c>GET /subscriptions/{id}/health</c>.</summary>
/// <param name="Health"><c>active</c>, <c>recovering</c> or <c>error</c>.</param>
/// <param name="Reason">Why it is recovering or in error (ids, numbers and times only).</param>
/// <param name="RecoveringSince">Start of the window being recovered, while recovering or in error.</param>
/// <param name="EhrStatus">The status the EHR last reported for its Subscription (SubscriptionStatus.status).</param>
public sealed record SubscriptionHealthView(
    string SubscriptionId,
    string Health,
    string? Reason,
    DateTimeOffset HealthChangedAt,
    string? EhrSubscription,
    string? Topic,
    IReadOnlyList<string> ResourceTypes,
    TimeSpan? HeartbeatPeriod,
    long? LastEventNumber,
    DateTimeOffset? LastNotificationAt,
    DateTimeOffset? RecoveringSince,
    long? MissingFromEvent,
    long? MissingToEvent,
    string? LastRecovery,
    string? EhrStatus)
{
    public static SubscriptionHealthView From(SubscriptionState state) => new(
        state.SubscriptionId,
        state.Health.ToString().ToLowerInvariant(),
        state.HealthReason,
        state.HealthChangedAt,
        state.EhrSubscription,
        state.Topic,
        state.ResourceTypes,
        state.HeartbeatPeriod,
        state.LastEventNumber,
        state.LastNotificationAt,
        state.RecoverSince,
        state.RecoverFromEvent,
        state.RecoverToEvent,
        state.LastRecovery,
        state.EhrStatus);
}
