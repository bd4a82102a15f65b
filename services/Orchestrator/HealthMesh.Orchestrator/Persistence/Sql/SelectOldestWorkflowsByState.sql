-- The longest-waiting workflow of each state: updated_at is when it entered its current state.
SELECT w.current_state AS State, w.correlation_id AS WorkflowId, w.updated_at AS Since
FROM clinical_note_workflows w
WHERE w.updated_at = (SELECT MIN(o.updated_at) FROM clinical_note_workflows o WHERE o.current_state = w.current_state)
