using HealthMesh.ServiceDefaults.Messaging;
using MassTransit;

namespace HealthMesh.Deidentification.Vault;

public sealed class PurgeReidentificationDataConsumerDefinition : ConsumerDefinition<PurgeReidentificationDataConsumer>
{
    public PurgeReidentificationDataConsumerDefinition() => EndpointName = KnownQueues.PurgeReidentificationData;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PurgeReidentificationDataConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        // Only the database can fail here, and it comes back: a purge must not be dropped on a blip.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(200, 1_000, 5_000, 15_000, 60_000));
}
