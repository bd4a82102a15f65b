UPDATE clinical_note_workflows SET
    version = @Version,
    current_state = @CurrentState,
    resource_key = @ResourceKey,
    priority = @Priority,
    review_due_at = @ReviewDueAt,
    escalated = @Escalated,
    updated_at = @UpdatedAt,
    state_entered_at = @StateEnteredAt,
    data = @Data
WHERE correlation_id = @CorrelationId AND version = @ExpectedVersion
