INSERT INTO clinical_note_review_openings (workflow_id, revision, opened_at)
VALUES (@WorkflowId, @Revision, @OpenedAt)
ON CONFLICT (workflow_id, revision) DO NOTHING
