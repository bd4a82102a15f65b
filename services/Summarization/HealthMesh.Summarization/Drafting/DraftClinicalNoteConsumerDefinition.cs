using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.Summarization.Notes;
using MassTransit;
using Microsoft.Extensions.Options;

namespace HealthMesh.Summarization.Drafting;

public sealed class DraftClinicalNoteConsumerDefinition : ConsumerDefinition<DraftClinicalNoteConsumer>
{
    public DraftClinicalNoteConsumerDefinition(IOptions<TransportOptions> transport)
    {
        EndpointName = KnownQueues.DraftClinicalNote;
        // CPU-bound ranking and matching: more in parallel only queues behind the cores.
        var limits = ReceiveEndpointLimits.For(transport.Value, KnownQueues.DraftClinicalNote, Environment.ProcessorCount);
        Endpoint(limits.ApplyTo);
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DraftClinicalNoteConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Unusable input stays unusable: fault at once with the reason.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<ClinicalNoteInputException>();
            r.Ignore<ClinicalDocumentNotFoundException>();
            r.Intervals(200, 1_000, 5_000, 15_000);
        });
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
