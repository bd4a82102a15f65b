INSERT INTO intake_subscription_state (subscription_id, resource_types, heartbeat_period, watermark_at, health, health_changed_at, version)
VALUES (@SubscriptionId, @ResourceTypes, @HeartbeatPeriod, @Now, @Health, @Now, 0)
ON CONFLICT DO NOTHING
