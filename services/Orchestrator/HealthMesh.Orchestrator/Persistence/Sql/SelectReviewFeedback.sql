SELECT workflow_id AS WorkflowId, revision AS Revision, feedback_id AS FeedbackId, decision AS Decision, note_kind AS NoteKind,
       engine_name AS EngineName, engine_version AS EngineVersion, opened_at AS OpenedAt, decided_at AS DecidedAt,
       draft AS Draft, final AS Final, diff AS Diff, reason AS Reason
FROM clinical_note_feedback
WHERE decided_at >= @Since
ORDER BY decided_at, workflow_id, revision
