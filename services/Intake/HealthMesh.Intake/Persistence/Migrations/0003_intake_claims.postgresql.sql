-- A delivery claims its journal entry (and, once the resource version is known, the workflow) for a lease before it
-- publishes, so that identical notifications arriving together publish once; an expired lease lets a redelivery take
-- over from a process that died mid-delivery.
ALTER TABLE intake_journal ADD COLUMN claimed_until TEXT NULL;

CREATE TABLE IF NOT EXISTS intake_workflow_claim (
    workflow_id   TEXT PRIMARY KEY,
    entry_id      TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    claimed_until TEXT NULL
);

INSERT INTO intake_workflow_claim (workflow_id, entry_id, outcome, claimed_until)
SELECT workflow_id, MIN(entry_id), 'Published', NULL
FROM intake_journal
WHERE outcome = 'Published' AND workflow_id IS NOT NULL
GROUP BY workflow_id;
