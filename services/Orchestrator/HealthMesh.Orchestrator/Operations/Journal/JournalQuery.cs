namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>
/// A selection of journaled messages; every filter is optional. <paramref name="From"/> is inclusive,
/// <paramref name="To"/> exclusive, both on the time the message was sent. Source system and resource type select
/// whole workflows.
/// </summary>
public sealed record JournalQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? SourceSystem = null,
    string? ResourceType = null,
    IReadOnlyCollection<Guid>? WorkflowIds = null,
    string? MessageType = null,
    string? Outcome = null,
    string? Step = null,
    int Limit = 10_000);
