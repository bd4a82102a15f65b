-- The governance audit trail: who (a service, a reviewer's Practitioner, an operator) did what to which workflow, when.
-- Append-only and hash-chained: each row stores the previous row's hash and the SHA-256 of its own canonical
-- serialization, so a changed or removed row breaks the chain from that sequence on. Rows hold references only
-- (workflow id, FHIR references, pseudonymous subjects), never note text. source_key makes a redelivered bus message
-- append once. The trigger refuses UPDATE, DELETE and TRUNCATE from the application's connection; someone who drops
-- it is still caught by the chain.
CREATE TABLE IF NOT EXISTS audit_trail (
    sequence      BIGINT PRIMARY KEY,
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
CREATE OR REPLACE FUNCTION audit_trail_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_trail is append-only';
END;
$$;
DROP TRIGGER IF EXISTS audit_trail_append_only ON audit_trail;
CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_trail
    FOR EACH ROW EXECUTE FUNCTION audit_trail_refuse_change();
DROP TRIGGER IF EXISTS audit_trail_no_truncate ON audit_trail;
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_refuse_change();
