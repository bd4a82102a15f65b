-- Step faults (Fault<Command>) since a time, by step and exception type (never the exception message: it can quote
-- PHI). The saga's own ClinicalNoteWorkflowFaulted repeats each of them and is left out.
SELECT step AS Step, COALESCE(exception_type, '') AS ExceptionType, COUNT(*) AS Count, MAX(sent_at) AS LastAt
FROM message_journal
WHERE outcome = 'faulted' AND message_type LIKE 'Fault<%' AND sent_at >= @Since
GROUP BY step, COALESCE(exception_type, '')
ORDER BY COUNT(*) DESC
