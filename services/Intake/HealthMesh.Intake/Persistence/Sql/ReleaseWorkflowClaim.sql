UPDATE intake_workflow_claim SET claimed_until = NULL WHERE workflow_id = @WorkflowId AND entry_id = @EntryId AND outcome = @Claimed
