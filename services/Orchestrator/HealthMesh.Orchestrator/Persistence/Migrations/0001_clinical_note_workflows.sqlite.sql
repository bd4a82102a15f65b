-- One row per note workflow saga. The state travels as JSON in data; the columns beside it are copies kept for
-- queries (review queue, deadline monitor, supersede look-up). Times are ISO-8601 UTC text, which sorts correctly.
CREATE TABLE IF NOT EXISTS clinical_note_workflows (
    correlation_id TEXT PRIMARY KEY,
    version        INTEGER NOT NULL,
    current_state  TEXT NOT NULL,
    resource_key   TEXT NOT NULL,
    priority       INTEGER NOT NULL,
    review_due_at  TEXT NULL,
    escalated      INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    data           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_clinical_note_workflows_queue ON clinical_note_workflows (current_state, priority, created_at);
CREATE INDEX IF NOT EXISTS ix_clinical_note_workflows_resource ON clinical_note_workflows (resource_key);
CREATE INDEX IF NOT EXISTS ix_clinical_note_workflows_deadline ON clinical_note_workflows (current_state, escalated, review_due_at);
