INSERT INTO clinical_note_reviews
    (workflow_id, revision, decision, reviewer, reason, edited, reviewed_at)
VALUES
    (@WorkflowId, @Revision, @Decision, @Reviewer, @Reason, @Edited, @ReviewedAt)
ON CONFLICT (workflow_id, revision) DO NOTHING
