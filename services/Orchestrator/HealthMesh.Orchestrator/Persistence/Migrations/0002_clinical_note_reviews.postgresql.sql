-- One decision per draft revision: the primary key is what refuses a second, racing decision. Edited approvals are
-- kept here (edited = 1; the note is the document final-r{revision}) as feedback data for the drafting engine.
CREATE TABLE IF NOT EXISTS clinical_note_reviews (
    workflow_id          TEXT NOT NULL,
    revision             INTEGER NOT NULL,
    decision             TEXT NOT NULL,
    reviewer             TEXT NOT NULL,
    reason               TEXT NULL,
    edited               INTEGER NOT NULL,
    reviewed_at          TEXT NOT NULL,
    PRIMARY KEY (workflow_id, revision)
);
