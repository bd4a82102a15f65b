using MassTransit;

namespace HealthMesh.Intake.FunctionalTests;

/// <summary>
/// A publish filter standing for the broker's availability: while down, every publish throws as an unreachable broker
/// does; <see cref="ConfirmDelay"/> holds each publish as a slow publisher confirm would.
/// </summary>
public sealed class BrokerSwitch : IFilter<PublishContext>
{
    public bool IsDown { get; set; }

    public TimeSpan ConfirmDelay { get; set; }

    public async Task Send(PublishContext context, IPipe<PublishContext> next)
    {
        if (IsDown)
        {
            throw new InvalidOperationException("Broker unreachable (connection refused).");
        }

        if (ConfirmDelay > TimeSpan.Zero)
        {
            await Task.Delay(ConfirmDelay);
        }

        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("broker-switch");
}
