-- The workflow of each state that has been in it longest (state_entered_at, migration 0008).
SELECT w.current_state AS State, w.correlation_id AS WorkflowId, w.state_entered_at AS EnteredAt
FROM clinical_note_workflows w
WHERE w.state_entered_at = (SELECT MIN(o.state_entered_at) FROM clinical_note_workflows o WHERE o.current_state = w.current_state)
