SELECT data FROM clinical_note_workflows WHERE correlation_id = @CorrelationId
