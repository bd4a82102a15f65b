CREATE TABLE IF NOT EXISTS clinical_documents (
    reference   TEXT PRIMARY KEY,
    workflow_id TEXT NOT NULL,
    sensitivity TEXT NOT NULL,
    key_id      TEXT NULL,
    content     BYTEA NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_clinical_documents_workflow ON clinical_documents (workflow_id);
