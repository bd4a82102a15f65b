-- Every Backport IG event of every subscription, kept so Subscription/{id}/$events can replay what a subscriber missed.
CREATE TABLE subscription_events (
    subscription_id TEXT    NOT NULL,
    event_number    INTEGER NOT NULL,
    resource_type   TEXT    NOT NULL,
    resource_id     TEXT    NOT NULL,
    version_id      INTEGER NOT NULL,
    occurred_at     INTEGER NOT NULL,
    PRIMARY KEY (subscription_id, event_number)
);
