-- Every filter is optional (NULL = any). Source system and resource type select whole workflows, so a fault recorded
-- before its workflow's received event still matches. Npgsql sends the id list as one array parameter, hence ANY.
SELECT message_id AS MessageId, workflow_id AS WorkflowId, message_type AS MessageType, step AS Step, outcome AS Outcome,
       source_system AS SourceSystem, resource_type AS ResourceType, exception_type AS ExceptionType, sent_at AS SentAt,
       recorded_at AS RecordedAt, replay_of AS ReplayOf, replay_batch AS ReplayBatch
FROM message_journal
WHERE (@From IS NULL OR sent_at >= @From)
  AND (@To IS NULL OR sent_at < @To)
  AND (@MessageType IS NULL OR message_type = @MessageType)
  AND (@Outcome IS NULL OR outcome = @Outcome)
  AND (@Step IS NULL OR step = @Step)
  AND (@AllWorkflows OR workflow_id = ANY(@WorkflowIds))
  AND (@SourceSystem IS NULL OR workflow_id IN (SELECT s.workflow_id FROM message_journal s WHERE s.source_system = @SourceSystem))
  AND (@ResourceType IS NULL OR workflow_id IN (SELECT r.workflow_id FROM message_journal r WHERE r.resource_type = @ResourceType))
ORDER BY sent_at, message_id
LIMIT @Limit
