SELECT events_since_start AS EventsSinceStart, last_queued_at AS LastQueuedAt
FROM subscription_state
WHERE subscription_id = @SubscriptionId;
