-- Records of one workflow (or all) recorded in [From, To), in chain order.
SELECT sequence AS Sequence, recorded_at AS RecordedAt, workflow_id AS WorkflowId, action AS Action, outcome AS Outcome,
       agent_type AS AgentType, agent AS Agent, agent_subject AS AgentSubject, detail AS Detail, source_key AS SourceKey,
       previous_hash AS PreviousHash, hash AS Hash
FROM audit_trail
WHERE (@WorkflowId IS NULL OR workflow_id = @WorkflowId)
  AND (@From IS NULL OR recorded_at >= @From)
  AND (@To IS NULL OR recorded_at < @To)
ORDER BY sequence
LIMIT @Limit
