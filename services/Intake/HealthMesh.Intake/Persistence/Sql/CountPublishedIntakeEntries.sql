SELECT COUNT(*) FROM intake_journal WHERE workflow_id = @WorkflowId AND outcome = @Outcome
