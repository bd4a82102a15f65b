-- The whole chain in order, for verification (streamed, never held in memory whole).
SELECT sequence AS Sequence, recorded_at AS RecordedAt, workflow_id AS WorkflowId, action AS Action, outcome AS Outcome,
       agent_type AS AgentType, agent AS Agent, agent_subject AS AgentSubject, detail AS Detail, source_key AS SourceKey,
       previous_hash AS PreviousHash, hash AS Hash
FROM audit_trail
ORDER BY sequence
