UPDATE intake_subscription_state
SET ehr_subscription = @EhrSubscription, topic = @Topic, resource_types = @ResourceTypes, heartbeat_period = @HeartbeatPeriod,
    last_event_number = @LastEventNumber, last_notification_at = @LastNotificationAt, watermark_at = @WatermarkAt,
    health = @Health, health_reason = @HealthReason, health_changed_at = @HealthChangedAt,
    recover_since = @RecoverSince, recover_from_event = @RecoverFromEvent, recover_to_event = @RecoverToEvent,
    last_recovery = @LastRecovery, ehr_status = @EhrStatus, version = @Version + 1
WHERE subscription_id = @SubscriptionId AND version = @Version
