using HealthMesh.Contracts;
using MassTransit;

namespace HealthMesh.Benchmarks;

/// <summary>Ends a workflow's measurement when its draft is published.</summary>
public sealed class DraftObserver(LatencyRecorder recorder) : IConsumer<ClinicalNoteDrafted>
{
    public Task Consume(ConsumeContext<ClinicalNoteDrafted> context)
    {
        recorder.End(context.Message.WorkflowId);
        return Task.CompletedTask;
    }
}
