namespace HealthMesh.Intake.Subscriptions;

/// <summary>
/// What Intake knows about one configured subscription (row of <c>intake_subscription_state</c>, ids and times only).
/// </summary>
/// <param name="EhrSubscription">The EHR's own Subscription reference, from the notifications; <c>$events</c> is asked on it.</param>
/// <param name="ResourceTypes">Trigger resource types searched when the EHR cannot answer <c>$events</c>.</param>
/// <param name="LastEventNumber">Highest <c>events-since-subscription-start</c> / event number seen; null before the first Backport notification.</param>
/// <param name="WatermarkAt">Until when events are known to be accounted for: the last notification, or the start of the last successful recovery.</param>
/// <param name="RecoverSince">Start of the window to recover (the watermark when the gap or overdue heartbeat was seen); null when active.</param>
/// <param name="RecoverFromEvent">First missing event number, when known from a gap.</param>
/// <param name="RecoverToEvent">Last missing event number, when known from a gap.</param>
/// <param name="LastRecovery">Summary of the last completed recovery: why, how, and what it found (counts, no PHI).</param>
/// <param name="Version">Optimistic concurrency: every update is conditional on it.</param>
/// <param name="EhrStatus">The subscription's status as the EHR last reported it (<c>requested</c>, <c>active</c>, <c>error</c>, <c>off</c>); null before any Backport notification.</param>
public sealed record SubscriptionState(
    string SubscriptionId,
    string? EhrSubscription,
    string? Topic,
    IReadOnlyList<string> ResourceTypes,
    TimeSpan? HeartbeatPeriod,
    long? LastEventNumber,
    DateTimeOffset? LastNotificationAt,
    DateTimeOffset WatermarkAt,
    SubscriptionHealth Health,
    string? HealthReason,
    DateTimeOffset HealthChangedAt,
    DateTimeOffset? RecoverSince,
    long? RecoverFromEvent,
    long? RecoverToEvent,
    string? LastRecovery,
    long Version,
    string? EhrStatus);
