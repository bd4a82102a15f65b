DELETE FROM clinical_note_feedback WHERE workflow_id = @WorkflowId AND revision = @Revision
