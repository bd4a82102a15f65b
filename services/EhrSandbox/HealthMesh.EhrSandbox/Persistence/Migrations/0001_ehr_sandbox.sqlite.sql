-- Every version ever written (history / vread). A delete is a version with is_deleted = 1 and no body.
CREATE TABLE resource_versions (
    resource_type TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    version_id    INTEGER NOT NULL,
    last_updated  INTEGER NOT NULL, -- Unix milliseconds, UTC
    is_deleted    INTEGER NOT NULL DEFAULT 0,
    json          TEXT,
    PRIMARY KEY (resource_type, resource_id, version_id)
);

-- The current version of each resource, what read and search see.
CREATE TABLE resources (
    resource_type TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    version_id    INTEGER NOT NULL,
    last_updated  INTEGER NOT NULL,
    is_deleted    INTEGER NOT NULL DEFAULT 0,
    json          TEXT,
    PRIMARY KEY (resource_type, resource_id)
);
CREATE INDEX ix_resources_last_updated ON resources (resource_type, last_updated);

-- Token and reference search values of the current version, refilled on every write.
-- Tokens: system|value. References: system = target type, value = id (or the absolute URL with system '').
CREATE TABLE search_index (
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    param         TEXT NOT NULL,
    system        TEXT NOT NULL,
    value         TEXT NOT NULL
);
CREATE INDEX ix_search_index_lookup ON search_index (resource_type, param, value, system);
CREATE INDEX ix_search_index_owner ON search_index (resource_type, resource_id);

-- Rest-hook notifications waiting to be delivered: written in the same transaction as the resource change.
CREATE TABLE subscription_deliveries (
    delivery_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id TEXT    NOT NULL,
    endpoint        TEXT    NOT NULL,
    headers         TEXT    NOT NULL, -- JSON array of "Name: value" strings (Subscription.channel.header)
    content_type    TEXT,
    body            TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    failed_at       INTEGER,
    last_error      TEXT
);
CREATE INDEX ix_subscription_deliveries_due ON subscription_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;

-- Per subscription: the Backport IG's events-since-subscription-start, and when a notification was last queued (heartbeats).
CREATE TABLE subscription_state (
    subscription_id    TEXT    PRIMARY KEY,
    events_since_start INTEGER NOT NULL DEFAULT 0,
    last_queued_at     INTEGER NOT NULL DEFAULT 0
);
