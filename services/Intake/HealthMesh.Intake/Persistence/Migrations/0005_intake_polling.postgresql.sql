-- Polling fallback: per source, the _lastUpdated watermark of the last finished round and, while a round pages, where
-- it stands (the next link and the highest _lastUpdated seen so far), so a restart continues instead of starting over.
CREATE TABLE IF NOT EXISTS intake_polling_watermarks (
    source_id    TEXT PRIMARY KEY,
    watermark_at TEXT NULL,
    round_high   TEXT NULL,
    next_url     TEXT NULL,
    updated_at   TEXT NOT NULL
);
