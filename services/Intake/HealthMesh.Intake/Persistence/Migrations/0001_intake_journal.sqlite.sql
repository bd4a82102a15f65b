CREATE TABLE IF NOT EXISTS intake_journal (
    entry_id         TEXT PRIMARY KEY,
    subscription_id  TEXT NOT NULL,
    event_number     TEXT NULL,
    resource_type    TEXT NOT NULL,
    resource_id      TEXT NOT NULL,
    resource_version TEXT NULL,
    workflow_id      TEXT NULL,
    outcome          TEXT NOT NULL,
    reason           TEXT NULL,
    received_at      TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_intake_journal_event ON intake_journal (subscription_id, event_number) WHERE event_number IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_intake_journal_workflow ON intake_journal (workflow_id, outcome);
