DELETE FROM clinical_note_reviews WHERE workflow_id = @WorkflowId AND revision = @Revision
