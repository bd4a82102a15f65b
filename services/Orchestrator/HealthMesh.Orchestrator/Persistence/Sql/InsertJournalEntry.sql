-- ON CONFLICT: a redelivered message (same message id) is recorded once. Source system and resource type are taken
-- from the workflow's received event when the message itself does not carry them.
INSERT INTO message_journal (message_id, workflow_id, message_type, step, outcome, source_system, resource_type, exception_type, sent_at, recorded_at, replay_of, replay_batch, key_id, body)
SELECT @MessageId, @WorkflowId, @MessageType, @Step, @Outcome,
       COALESCE(@SourceSystem, (SELECT j.source_system FROM message_journal j WHERE j.workflow_id = @WorkflowId AND j.source_system IS NOT NULL LIMIT 1)),
       COALESCE(@ResourceType, (SELECT j.resource_type FROM message_journal j WHERE j.workflow_id = @WorkflowId AND j.resource_type IS NOT NULL LIMIT 1)),
       @ExceptionType, @SentAt, @RecordedAt, @ReplayOf, @ReplayBatch, @KeyId, @Body
WHERE 1 = 1
ON CONFLICT (message_id) DO NOTHING
