-- The latest message of a type for one workflow (the received event a replay from intake re-publishes).
SELECT message_id AS MessageId, workflow_id AS WorkflowId, message_type AS MessageType, step AS Step, outcome AS Outcome,
       source_system AS SourceSystem, resource_type AS ResourceType, exception_type AS ExceptionType, sent_at AS SentAt,
       recorded_at AS RecordedAt, replay_of AS ReplayOf, replay_batch AS ReplayBatch
FROM message_journal
WHERE workflow_id = @WorkflowId AND message_type = @MessageType
ORDER BY sent_at DESC
LIMIT 1
