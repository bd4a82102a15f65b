namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>One link of the chain as stored: <see cref="Hash"/> is SHA-256 over <see cref="AuditChain.Canonical"/>.</summary>
public sealed record AuditRecord(
    long Sequence,
    DateTimeOffset RecordedAt,
    Guid WorkflowId,
    string Action,
    string Outcome,
    string AgentType,
    string Agent,
    string? AgentSubject,
    IReadOnlyDictionary<string, string> Detail,
    string? SourceKey,
    string PreviousHash,
    string Hash);
