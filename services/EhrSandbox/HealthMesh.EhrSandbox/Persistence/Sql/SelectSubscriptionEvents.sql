SELECT event_number AS EventNumber, resource_type AS ResourceType, resource_id AS ResourceId, version_id AS VersionId, occurred_at AS OccurredAt
FROM subscription_events
WHERE subscription_id = @SubscriptionId AND event_number >= @Since AND event_number <= @Until
ORDER BY event_number
LIMIT @Limit;
