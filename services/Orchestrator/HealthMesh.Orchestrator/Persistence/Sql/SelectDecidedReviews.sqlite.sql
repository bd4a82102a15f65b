-- Dapper expands the id list into one parameter per id.
SELECT workflow_id AS WorkflowId, revision AS Revision FROM clinical_note_reviews WHERE workflow_id IN @WorkflowIds
