-- When a workflow entered its current state ("oldest waiting" is age in state; updated_at also moves on retries,
-- escalations and replays that keep the state). Rows from before are back-filled with their last update, the best
-- time known for them.
ALTER TABLE clinical_note_workflows ADD COLUMN state_entered_at TEXT NULL;
UPDATE clinical_note_workflows SET state_entered_at = updated_at WHERE state_entered_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_clinical_note_workflows_state_entered ON clinical_note_workflows (current_state, state_entered_at);
