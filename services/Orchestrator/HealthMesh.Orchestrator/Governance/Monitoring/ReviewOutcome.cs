using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>One review decision as monitoring counts it; <paramref name="Group"/> is null when De-identification recorded none.</summary>
/// <param name="SentencesChanged">Drafted sentences the reviewer changed or removed (0 for a rejection).</param>
public sealed record ReviewOutcome(
    Guid WorkflowId,
    string EngineName,
    string EngineVersion,
    DateTimeOffset DecidedAt,
    ReviewDecision Decision,
    int SentencesDrafted,
    int SentencesChanged,
    int CodesAccepted,
    int CodesRemoved,
    int CodesAdded,
    double? SecondsSpent,
    PatientGroup? Group);
