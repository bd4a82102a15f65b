INSERT INTO subscription_state (subscription_id, events_since_start)
VALUES (@SubscriptionId, 1)
ON CONFLICT (subscription_id) DO UPDATE SET events_since_start = events_since_start + 1
RETURNING events_since_start;
