SELECT current_state AS State, COUNT(*) AS Count FROM clinical_note_workflows GROUP BY current_state
