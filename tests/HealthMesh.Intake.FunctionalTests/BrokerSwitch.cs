using MassTransit;

namespace HealthMesh.Intake.FunctionalTests;

/// <summary>A publish filter standing for the broker's availability: while down, every publish throws as an unreachable broker does.</summary>
public sealed class BrokerSwitch : IFilter<PublishContext>
{
    public bool IsDown { get; set; }

    public Task Send(PublishContext context, IPipe<PublishContext> next) =>
        IsDown ? throw new InvalidOperationException("Broker unreachable (connection refused).") : next.Send(context);

    public void Probe(ProbeContext context) => context.CreateFilterScope("broker-switch");
}
