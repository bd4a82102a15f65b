SELECT opened_at FROM clinical_note_review_openings WHERE workflow_id = @WorkflowId AND revision = @Revision
