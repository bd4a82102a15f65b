INSERT INTO monitoring_workflows (workflow_id, drafted_at, source_words, sections, code_chapters)
VALUES (@WorkflowId, @DraftedAt, @SourceWords, @Sections, @CodeChapters)
ON CONFLICT (workflow_id) DO UPDATE SET
    drafted_at = excluded.drafted_at, source_words = excluded.source_words, sections = excluded.sections, code_chapters = excluded.code_chapters
WHERE monitoring_workflows.drafted_at IS NULL
