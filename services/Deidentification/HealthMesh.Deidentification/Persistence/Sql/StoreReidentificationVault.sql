INSERT INTO reidentification_vaults (workflow_id, key_id, content, created_at)
VALUES (@WorkflowId, @KeyId, @Content, @CreatedAt)
ON CONFLICT (workflow_id) DO UPDATE SET
    key_id = excluded.key_id,
    content = excluded.content
WHERE reidentification_vaults.purged_at IS NULL
