INSERT INTO clinical_note_feedback
    (workflow_id, revision, feedback_id, decision, note_kind, engine_name, engine_version, opened_at, decided_at, draft, final, diff, reason)
VALUES
    (@WorkflowId, @Revision, @FeedbackId, @Decision, @NoteKind, @EngineName, @EngineVersion, @OpenedAt, @DecidedAt, @Draft, @Final, @Diff, @Reason)
ON CONFLICT (workflow_id, revision) DO NOTHING
