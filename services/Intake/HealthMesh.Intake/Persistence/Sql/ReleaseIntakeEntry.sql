UPDATE intake_journal SET claimed_until = NULL, updated_at = @Now WHERE entry_id = @EntryId AND outcome = @Pending
