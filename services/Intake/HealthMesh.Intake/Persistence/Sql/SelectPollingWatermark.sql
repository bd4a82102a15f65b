SELECT source_id AS SourceId, watermark_at AS WatermarkAt, round_high AS RoundHigh, next_url AS NextUrl
FROM intake_polling_watermarks
WHERE source_id = @SourceId
