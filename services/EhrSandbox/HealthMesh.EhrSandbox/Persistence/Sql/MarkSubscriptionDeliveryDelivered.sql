UPDATE subscription_deliveries
SET delivered_at = @Now, attempts = attempts + 1, last_error = NULL
WHERE delivery_id = @DeliveryId;
