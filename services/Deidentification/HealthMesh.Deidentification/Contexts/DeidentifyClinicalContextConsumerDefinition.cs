using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Structured.Rules;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Contexts;

public sealed class DeidentifyClinicalContextConsumerDefinition : ConsumerDefinition<DeidentifyClinicalContextConsumer>
{
    public DeidentifyClinicalContextConsumerDefinition(IOptions<TransportOptions> transport)
    {
        EndpointName = KnownQueues.DeidentifyClinicalContext;
        // CPU-bound regex work: more in parallel only queues behind the cores.
        var limits = ReceiveEndpointLimits.For(transport.Value, KnownQueues.DeidentifyClinicalContext, Environment.ProcessorCount);
        Endpoint(limits.ApplyTo);
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DeidentifyClinicalContextConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // A bad Bundle or a missing document stays bad: fault at once with the reason instead of retrying.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<ClinicalContextRejectedException>();
            r.Ignore<ClinicalDocumentNotFoundException>();
            r.Intervals(200, 1_000, 5_000, 15_000);
        });
        // The event is published only once the documents are stored and the consumer has finished.
        endpointConfigurator.UseInMemoryOutbox(context);
        // The consumer holds a PHI record: only exceptions whose reasons are written without values keep their message.
        consumerConfigurator.UsePhiSafeExceptions(typeof(ClinicalContextRejectedException), typeof(DeidentificationProfileException));
    }
}
