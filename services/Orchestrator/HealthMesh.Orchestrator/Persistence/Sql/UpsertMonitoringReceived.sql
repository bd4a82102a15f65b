INSERT INTO monitoring_workflows (workflow_id, note_kind, received_at)
VALUES (@WorkflowId, @NoteKind, @ReceivedAt)
ON CONFLICT (workflow_id) DO UPDATE SET
    note_kind = excluded.note_kind,
    received_at = COALESCE(monitoring_workflows.received_at, excluded.received_at)
