using HealthMesh.Contracts;
using MassTransit;

namespace HealthMesh.Intake.Benchmarks;

/// <summary>MassTransit creates consumers per message; this one hands each to the run's single <see cref="DeliveryCounter"/>.</summary>
public sealed class DeliveryCounterConsumer(DeliveryCounter counter) : IConsumer<ClinicalEventReceived>, IConsumer<RawPublish>
{
    public Task Consume(ConsumeContext<ClinicalEventReceived> context) => counter.Consume(context);

    public Task Consume(ConsumeContext<RawPublish> context) => counter.Consume(context);
}
