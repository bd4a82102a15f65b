UPDATE intake_journal
SET outcome = @Pending, claimed_until = @ClaimedUntil, updated_at = @Now
WHERE subscription_id = @SubscriptionId AND event_number = @EventNumber
  AND outcome IN (@Pending, @Rejected) AND (claimed_until IS NULL OR claimed_until < @Now)
RETURNING entry_id
