-- The latest message of a type for each of several workflows, with its encrypted body (a replay from intake
-- re-publishes a page of received events with one read). Npgsql sends the ids as one array.
SELECT MessageId, WorkflowId, MessageType, Step, Outcome, SourceSystem, ResourceType, ExceptionType, SentAt, RecordedAt,
       ReplayOf, ReplayBatch, KeyId, Body
FROM (
    SELECT message_id AS MessageId, workflow_id AS WorkflowId, message_type AS MessageType, step AS Step, outcome AS Outcome,
           source_system AS SourceSystem, resource_type AS ResourceType, exception_type AS ExceptionType, sent_at AS SentAt,
           recorded_at AS RecordedAt, replay_of AS ReplayOf, replay_batch AS ReplayBatch, key_id AS KeyId, body AS Body,
           ROW_NUMBER() OVER (PARTITION BY workflow_id ORDER BY sent_at DESC, message_id DESC) AS rn
    FROM message_journal
    WHERE message_type = @MessageType AND workflow_id = ANY(@WorkflowIds)
) latest
WHERE rn = 1
