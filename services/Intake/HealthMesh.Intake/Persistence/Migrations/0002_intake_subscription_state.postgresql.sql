CREATE TABLE IF NOT EXISTS intake_subscription_state (
    subscription_id         TEXT PRIMARY KEY,
    ehr_subscription        TEXT NULL,
    topic                   TEXT NULL,
    resource_types          TEXT NOT NULL,
    heartbeat_period        TEXT NULL,
    last_event_number       BIGINT NULL,
    last_notification_at    TEXT NULL,
    watermark_at            TEXT NOT NULL,
    health                  TEXT NOT NULL,
    health_reason           TEXT NULL,
    health_changed_at       TEXT NOT NULL,
    recover_since           TEXT NULL,
    recover_from_event      BIGINT NULL,
    recover_to_event        BIGINT NULL,
    last_recovery           TEXT NULL,
    version                 BIGINT NOT NULL
);
