UPDATE intake_workflow_claim
SET entry_id = @EntryId, claimed_until = @ClaimedUntil
WHERE workflow_id = @WorkflowId AND outcome = @Claimed AND (claimed_until IS NULL OR claimed_until < @Now)
