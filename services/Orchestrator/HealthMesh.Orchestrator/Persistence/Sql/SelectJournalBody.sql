SELECT key_id AS KeyId, body AS Body FROM message_journal WHERE message_id = @MessageId
