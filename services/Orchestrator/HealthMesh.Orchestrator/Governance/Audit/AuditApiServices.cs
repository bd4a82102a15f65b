namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>What the audit endpoints need, bound with <c>[AsParameters]</c>.</summary>
public sealed record AuditApiServices(AuditTrail Trail, TimeProvider Clock, CancellationToken CancellationToken);
