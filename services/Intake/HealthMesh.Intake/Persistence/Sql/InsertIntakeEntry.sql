INSERT INTO intake_journal (entry_id, subscription_id, event_number, resource_type, resource_id, resource_version, workflow_id, outcome, reason, received_at, updated_at, claimed_until)
VALUES (@EntryId, @SubscriptionId, @EventNumber, @ResourceType, @ResourceId, NULL, NULL, @Outcome, NULL, @ReceivedAt, @ReceivedAt, @ClaimedUntil)
ON CONFLICT DO NOTHING
