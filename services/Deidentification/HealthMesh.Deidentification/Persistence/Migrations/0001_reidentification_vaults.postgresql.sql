-- One row per workflow: the sealed vault (AES-256-GCM under the vault's own key ring, workflow id as associated data),
-- or, once purged, a tombstone without content that says when, why, and where the note was written if it was.
CREATE TABLE IF NOT EXISTS reidentification_vaults (
    workflow_id  TEXT PRIMARY KEY,
    key_id       TEXT NULL,
    content      BYTEA NULL,
    created_at   TEXT NOT NULL,
    purged_at    TEXT NULL,
    purge_reason TEXT NULL,
    written_back TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_reidentification_vaults_live ON reidentification_vaults (created_at) WHERE purged_at IS NULL;
