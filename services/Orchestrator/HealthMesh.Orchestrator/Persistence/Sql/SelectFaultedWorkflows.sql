SELECT data FROM clinical_note_workflows
WHERE current_state = 'Faulted'
ORDER BY updated_at DESC
LIMIT @Limit
