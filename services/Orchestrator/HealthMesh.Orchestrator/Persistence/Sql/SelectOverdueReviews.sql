SELECT data FROM clinical_note_workflows
WHERE current_state = 'AwaitingReview' AND escalated = 0 AND review_due_at <= @Now
ORDER BY review_due_at ASC
LIMIT @Limit
