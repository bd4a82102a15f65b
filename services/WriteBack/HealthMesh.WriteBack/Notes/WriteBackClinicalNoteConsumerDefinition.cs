using HealthMesh.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace HealthMesh.WriteBack.Notes;

/// <summary>
/// Redelivers only transient EHR failures, with exponential backoff; a rejection by the EHR faults at once with its
/// reason (issue codes and element paths, never the EHR's text). The in-memory outbox holds <c>ClinicalNoteWrittenBack</c> until the write succeeded.
/// </summary>
public sealed class WriteBackClinicalNoteConsumerDefinition : ConsumerDefinition<WriteBackClinicalNoteConsumer>
{
    private readonly WriteBackOptions options;

    public WriteBackClinicalNoteConsumerDefinition(IOptions<WriteBackOptions> options)
    {
        this.options = options.Value;
        EndpointName = KnownQueues.WriteBackClinicalNote;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<WriteBackClinicalNoteConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Exponential(options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryMinInterval);
            retry.Handle<EhrUnavailableException>();
        });
        endpointConfigurator.UseInMemoryOutbox(context);
        // The consumer holds the re-identified note: only the exceptions written without the EHR's text keep their message.
        consumerConfigurator.UsePhiSafeExceptions(typeof(EhrRejectedWriteException), typeof(EhrUnavailableException));
    }
}
