SELECT data FROM clinical_note_workflows
WHERE current_state = 'AwaitingReview'
ORDER BY priority DESC, created_at ASC
LIMIT @Limit
