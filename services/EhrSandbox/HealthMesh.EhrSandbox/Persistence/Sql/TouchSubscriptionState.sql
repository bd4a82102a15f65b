INSERT INTO subscription_state (subscription_id, last_queued_at)
VALUES (@SubscriptionId, @Now)
ON CONFLICT (subscription_id) DO UPDATE SET last_queued_at = excluded.last_queued_at;
