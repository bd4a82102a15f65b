UPDATE reidentification_vaults
SET key_id = NULL, content = NULL, purged_at = @PurgedAt, purge_reason = @Reason
WHERE purged_at IS NULL AND created_at < @Cutoff
