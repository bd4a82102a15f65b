INSERT INTO intake_polling_watermarks (source_id, watermark_at, round_high, next_url, updated_at)
VALUES (@SourceId, @WatermarkAt, @RoundHigh, @NextUrl, @UpdatedAt)
ON CONFLICT (source_id) DO UPDATE SET
    watermark_at = excluded.watermark_at,
    round_high   = excluded.round_high,
    next_url     = excluded.next_url,
    updated_at   = excluded.updated_at
