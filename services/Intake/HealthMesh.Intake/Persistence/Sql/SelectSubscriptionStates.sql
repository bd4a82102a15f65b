SELECT subscription_id AS SubscriptionId, ehr_subscription AS EhrSubscription, topic AS Topic, resource_types AS ResourceTypes,
       heartbeat_period AS HeartbeatPeriod, last_event_number AS LastEventNumber, last_notification_at AS LastNotificationAt,
       watermark_at AS WatermarkAt, health AS Health, health_reason AS HealthReason, health_changed_at AS HealthChangedAt,
       recover_since AS RecoverSince, recover_from_event AS RecoverFromEvent, recover_to_event AS RecoverToEvent,
       last_recovery AS LastRecovery, version AS Version, ehr_status AS EhrStatus
FROM intake_subscription_state
ORDER BY subscription_id
