-- When the message before this one in the same workflow was sent: the step latency is the time between them.
SELECT MAX(sent_at) FROM message_journal WHERE workflow_id = @WorkflowId AND sent_at < @SentAt AND message_id <> @MessageId
