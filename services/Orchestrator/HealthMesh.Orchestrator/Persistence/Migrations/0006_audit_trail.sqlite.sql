-- The governance audit trail: who (a service, a reviewer's Practitioner, an operator) did what to which workflow, when.
-- Append-only and hash-chained: each row stores the previous row's hash and the SHA-256 of its own canonical
-- serialization, so a changed or removed row breaks the chain from that sequence on. Rows hold references only
-- (workflow id, FHIR references, pseudonymous subjects), never note text. source_key makes a redelivered bus message
-- append once. The triggers refuse UPDATE and DELETE from the application's connection; someone who drops them is
-- still caught by the chain.
CREATE TABLE IF NOT EXISTS audit_trail (
    sequence      INTEGER PRIMARY KEY,
    recorded_at   TEXT NOT NULL,
    workflow_id   TEXT NOT NULL,
    action        TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    agent_type    TEXT NOT NULL,
    agent         TEXT NOT NULL,
    agent_subject TEXT NULL,
    detail        TEXT NOT NULL,
    source_key    TEXT NULL UNIQUE,
    previous_hash TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_trail_workflow ON audit_trail (workflow_id, sequence);
CREATE INDEX IF NOT EXISTS ix_audit_trail_recorded ON audit_trail (recorded_at);
CREATE TRIGGER IF NOT EXISTS audit_trail_no_update BEFORE UPDATE ON audit_trail
BEGIN
    SELECT RAISE(ABORT, 'audit_trail is append-only');
END;
CREATE TRIGGER IF NOT EXISTS audit_trail_no_delete BEFORE DELETE ON audit_trail
BEGIN
    SELECT RAISE(ABORT, 'audit_trail is append-only');
END;
