-- The subscription's status as the EHR last reported it (SubscriptionStatus.status: requested, active, error, off).
ALTER TABLE intake_subscription_state ADD COLUMN ehr_status TEXT NULL;
