INSERT INTO reidentification_vaults (workflow_id, key_id, content, created_at, purged_at, purge_reason, written_back)
VALUES (@WorkflowId, NULL, NULL, @PurgedAt, @PurgedAt, @Reason, @WrittenBack)
ON CONFLICT (workflow_id) DO UPDATE SET
    key_id = NULL,
    content = NULL,
    purged_at = excluded.purged_at,
    purge_reason = excluded.purge_reason,
    written_back = excluded.written_back
WHERE reidentification_vaults.purged_at IS NULL
