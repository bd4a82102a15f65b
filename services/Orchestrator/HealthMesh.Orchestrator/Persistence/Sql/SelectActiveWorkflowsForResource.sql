SELECT data FROM clinical_note_workflows
WHERE resource_key = @ResourceKey AND current_state NOT IN ('Completed', 'Rejected', 'Superseded', 'ConsentDenied', 'ConsentWithdrawn')
