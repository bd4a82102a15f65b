SELECT f.workflow_id AS WorkflowId, f.engine_name AS EngineName, f.engine_version AS EngineVersion, f.decision AS Decision,
       f.opened_at AS OpenedAt, f.decided_at AS DecidedAt, f.diff AS Diff,
       m.sex AS Sex, m.age_band AS AgeBand, m.language AS Language, m.race AS Race, m.ethnicity AS Ethnicity
FROM clinical_note_feedback f
LEFT JOIN monitoring_workflows m ON m.workflow_id = f.workflow_id
WHERE f.decided_at >= @Since
ORDER BY f.decided_at, f.workflow_id, f.revision
