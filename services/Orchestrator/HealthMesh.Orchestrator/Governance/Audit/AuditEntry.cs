namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>What to append: the chain adds the sequence, time and hashes.</summary>
/// <param name="Agent">A service name, <c>Practitioner/&lt;id&gt;</c>, or the operator named in the request.</param>
/// <param name="AgentSubject">The signed-in person's pseudonymous subject (<c>sub</c>), when a person acted.</param>
/// <param name="Detail">References, ids and counts only (<see cref="KnownAuditDetails"/>).</param>
/// <param name="SourceKey">Unique per source occurrence (a bus message id and action): a second append with it is a no-op.</param>
public sealed record AuditEntry(
    Guid WorkflowId,
    string Action,
    string Outcome,
    string AgentType,
    string Agent,
    string? AgentSubject,
    IReadOnlyDictionary<string, string> Detail,
    string? SourceKey = null);
