-- The chain's last record, read inside the append's lock so the next record links to it.
SELECT sequence AS Sequence, hash AS Hash FROM audit_trail ORDER BY sequence DESC LIMIT 1
