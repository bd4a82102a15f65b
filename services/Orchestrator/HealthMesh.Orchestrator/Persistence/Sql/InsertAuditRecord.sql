INSERT INTO audit_trail (sequence, recorded_at, workflow_id, action, outcome, agent_type, agent, agent_subject, detail, source_key, previous_hash, hash)
VALUES (@Sequence, @RecordedAt, @WorkflowId, @Action, @Outcome, @AgentType, @Agent, @AgentSubject, @Detail, @SourceKey, @PreviousHash, @Hash)
