DELETE FROM message_journal WHERE recorded_at < @Before
