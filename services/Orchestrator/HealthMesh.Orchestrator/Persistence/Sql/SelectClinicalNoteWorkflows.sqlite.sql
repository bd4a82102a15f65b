-- Several workflows at once (a replay plans a page of workflows with one read). Dapper expands the id list.
SELECT data FROM clinical_note_workflows WHERE correlation_id IN @CorrelationIds
