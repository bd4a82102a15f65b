INSERT INTO clinical_note_workflows
    (correlation_id, version, current_state, resource_key, priority, review_due_at, escalated, created_at, updated_at, state_entered_at, data)
VALUES
    (@CorrelationId, @Version, @CurrentState, @ResourceKey, @Priority, @ReviewDueAt, @Escalated, @CreatedAt, @UpdatedAt, @StateEnteredAt, @Data)
ON CONFLICT (correlation_id) DO NOTHING
