INSERT INTO subscription_events (subscription_id, event_number, resource_type, resource_id, version_id, occurred_at)
VALUES (@SubscriptionId, @EventNumber, @ResourceType, @ResourceId, @VersionId, @OccurredAt);
