INSERT INTO subscription_deliveries (subscription_id, endpoint, headers, content_type, body, next_attempt_at)
VALUES (@SubscriptionId, @Endpoint, @Headers, @ContentType, @Body, @NextAttemptAt);
