UPDATE intake_workflow_claim SET outcome = @Published, claimed_until = NULL WHERE workflow_id = @WorkflowId
