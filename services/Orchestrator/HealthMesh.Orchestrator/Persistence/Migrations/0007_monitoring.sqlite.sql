-- Per workflow, what quality, drift and fairness monitoring need beyond the feedback rows: when the work came in and
-- its shape (from the first draft: source length, sections, ICD-10-CM chapters), and the patient's coarse group as
-- De-identification derived it (null where not recorded). No identifiers: bands and categories only.
CREATE TABLE IF NOT EXISTS monitoring_workflows (
    workflow_id   TEXT PRIMARY KEY,
    note_kind     TEXT NULL,
    received_at   TEXT NULL,
    sex           TEXT NULL,
    age_band      TEXT NULL,
    language      TEXT NULL,
    race          TEXT NULL,
    ethnicity     TEXT NULL,
    drafted_at    TEXT NULL,
    source_words  INTEGER NULL,
    sections      TEXT NULL,
    code_chapters TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_monitoring_workflows_received ON monitoring_workflows (received_at);
