INSERT INTO intake_workflow_claim (workflow_id, entry_id, outcome, claimed_until)
VALUES (@WorkflowId, @EntryId, @Claimed, @ClaimedUntil)
ON CONFLICT DO NOTHING
