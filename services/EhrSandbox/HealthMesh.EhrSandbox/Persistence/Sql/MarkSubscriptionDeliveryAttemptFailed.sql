UPDATE subscription_deliveries
SET attempts = attempts + 1,
    last_error = @Error,
    next_attempt_at = @NextAttemptAt,
    failed_at = CASE WHEN attempts + 1 >= @MaxAttempts THEN @Now ELSE NULL END
WHERE delivery_id = @DeliveryId;
