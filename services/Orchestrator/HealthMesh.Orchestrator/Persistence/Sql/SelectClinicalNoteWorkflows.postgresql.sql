-- Several workflows at once (a replay plans a page of workflows with one read). Npgsql sends the ids as one array.
SELECT data FROM clinical_note_workflows WHERE correlation_id = ANY(@CorrelationIds)
