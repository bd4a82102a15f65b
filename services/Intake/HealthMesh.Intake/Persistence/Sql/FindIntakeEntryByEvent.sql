SELECT entry_id AS EntryId, outcome AS Outcome, workflow_id AS WorkflowId, reason AS Reason
FROM intake_journal
WHERE subscription_id = @SubscriptionId AND event_number = @EventNumber
