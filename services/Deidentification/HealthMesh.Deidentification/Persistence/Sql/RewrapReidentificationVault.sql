UPDATE reidentification_vaults
SET key_id = @KeyId, content = @Content
WHERE workflow_id = @WorkflowId AND key_id = @PreviousKeyId AND purged_at IS NULL
