SELECT workflow_id AS WorkflowId, note_kind AS NoteKind, received_at AS ReceivedAt, source_words AS SourceWords,
       sections AS Sections, code_chapters AS CodeChapters
FROM monitoring_workflows
WHERE received_at >= @Since AND drafted_at IS NOT NULL AND note_kind IS NOT NULL
ORDER BY received_at
