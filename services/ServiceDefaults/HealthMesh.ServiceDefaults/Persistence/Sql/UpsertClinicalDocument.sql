INSERT INTO clinical_documents (reference, workflow_id, sensitivity, key_id, content, created_at)
VALUES (@Reference, @WorkflowId, @Sensitivity, @KeyId, @Content, @CreatedAt)
ON CONFLICT (reference) DO UPDATE SET
    sensitivity = excluded.sensitivity,
    key_id = excluded.key_id,
    content = excluded.content,
    created_at = excluded.created_at
