-- Npgsql sends the id list as one array parameter (Dapper leaves arrays to the provider), hence ANY instead of IN.
SELECT workflow_id AS WorkflowId, revision AS Revision FROM clinical_note_reviews WHERE workflow_id = ANY(@WorkflowIds)
