using MassTransit;

namespace HealthMesh.IntegrationTests.Orchestrator.Counting;

/// <summary>A saga whose every message changes it, so a lost update shows as a missing count.</summary>
public sealed class CounterState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public int Version { get; set; }

    public int Count { get; set; }

    public List<string> Seen { get; set; } = [];
}
