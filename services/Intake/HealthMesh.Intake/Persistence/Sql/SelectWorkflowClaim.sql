SELECT outcome FROM intake_workflow_claim WHERE workflow_id = @WorkflowId
