-- One row per integration message the Orchestrator saw (events, faults, operator requests), keyed by the broker's
-- message id so a redelivered message is recorded once. The body is the whole message, AES-GCM encrypted with the
-- document key ring (key_id names the key); the columns beside it are the ids and names operators select by.
CREATE TABLE IF NOT EXISTS message_journal (
    message_id     TEXT PRIMARY KEY,
    workflow_id    TEXT NOT NULL,
    message_type   TEXT NOT NULL,
    step           TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    source_system  TEXT NULL,
    resource_type  TEXT NULL,
    exception_type TEXT NULL,
    sent_at        TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    replay_of      TEXT NULL,
    replay_batch   TEXT NULL,
    key_id         TEXT NOT NULL,
    body           BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_message_journal_sent ON message_journal (sent_at);
CREATE INDEX IF NOT EXISTS ix_message_journal_workflow ON message_journal (workflow_id, sent_at);
CREATE INDEX IF NOT EXISTS ix_message_journal_source ON message_journal (source_system, resource_type);
CREATE INDEX IF NOT EXISTS ix_message_journal_recorded ON message_journal (recorded_at);
