-- Whether a bus message (or other keyed source) was already appended: a redelivery appends nothing.
SELECT COUNT(*) FROM audit_trail WHERE source_key = @SourceKey
