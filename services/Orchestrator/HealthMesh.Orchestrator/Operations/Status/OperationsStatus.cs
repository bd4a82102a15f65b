using HealthMesh.Orchestrator.Operations.FailedMessages;
using HealthMesh.Orchestrator.Operations.Journal;

namespace HealthMesh.Orchestrator.Operations.Status;

/// <summary>The answer of <c>GET /api/operations/status</c>: ids, counts and times only.</summary>
/// <param name="Transport"><c>InMemory</c> or <c>RabbitMq</c>; <paramref name="Queues"/> is empty in memory.</param>
/// <param name="FaultsSince">Start of the window <paramref name="Faults"/> counts (the last 24 hours).</param>
public sealed record OperationsStatus(
    IReadOnlyDictionary<string, int> WorkflowsByState,
    IReadOnlyList<OldestWorkflow> OldestByState,
    DateTimeOffset FaultsSince,
    IReadOnlyList<FaultCount> Faults,
    string Transport,
    IReadOnlyList<QueueDepth> Queues,
    DateTimeOffset At);
