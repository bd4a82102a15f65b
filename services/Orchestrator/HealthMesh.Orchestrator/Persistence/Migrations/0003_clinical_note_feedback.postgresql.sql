-- Feedback data for evaluation and fine-tuning: one row per decision with the de-identified draft, the approved note,
-- the diff and the time spent. Kept apart from the document store, whose documents may be purged after write-back.
CREATE TABLE IF NOT EXISTS clinical_note_feedback (
    workflow_id    TEXT NOT NULL,
    revision       INTEGER NOT NULL,
    feedback_id    TEXT NOT NULL,
    decision       TEXT NOT NULL,
    note_kind      TEXT NOT NULL,
    engine_name    TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    opened_at      TEXT NULL,
    decided_at     TEXT NOT NULL,
    draft          TEXT NOT NULL,
    final          TEXT NULL,
    diff           TEXT NULL,
    reason         TEXT NULL,
    PRIMARY KEY (workflow_id, revision)
);
CREATE INDEX IF NOT EXISTS ix_clinical_note_feedback_decided ON clinical_note_feedback (decided_at);

-- When a reviewer first opened each draft revision: the start of the time spent.
CREATE TABLE IF NOT EXISTS clinical_note_review_openings (
    workflow_id TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    opened_at   TEXT NOT NULL,
    PRIMARY KEY (workflow_id, revision)
);
