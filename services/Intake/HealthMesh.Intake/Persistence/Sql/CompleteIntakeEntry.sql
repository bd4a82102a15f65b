UPDATE intake_journal
SET resource_version = @ResourceVersion, workflow_id = @WorkflowId, outcome = @Outcome, reason = @Reason, updated_at = @UpdatedAt, claimed_until = NULL
WHERE entry_id = @EntryId
