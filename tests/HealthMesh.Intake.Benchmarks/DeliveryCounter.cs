using System.Collections.Concurrent;
using HealthMesh.Contracts;
using MassTransit;

namespace HealthMesh.Intake.Benchmarks;

/// <summary>
/// Binds a queue to both measured message types (so the broker routes and stores them, as in production) and counts
/// what arrived: the run fails unless every accepted notification reached the broker exactly once.
/// </summary>
public sealed class DeliveryCounter
{
    public ConcurrentDictionary<Guid, int> Workflows { get; } = new();

    public int Raw => raw;

    private int raw;

    public Task Consume(ConsumeContext<ClinicalEventReceived> context)
    {
        Workflows.AddOrUpdate(context.Message.WorkflowId, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RawPublish> context)
    {
        Interlocked.Increment(ref raw);
        return Task.CompletedTask;
    }
}
