SELECT delivery_id AS DeliveryId, subscription_id AS SubscriptionId, endpoint AS Endpoint, headers AS Headers,
       content_type AS ContentType, body AS Body, attempts AS Attempts
FROM subscription_deliveries
WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= @Now
ORDER BY delivery_id
LIMIT @Limit;
