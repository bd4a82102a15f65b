using HealthMesh.Deidentification.Vault;
using HealthMesh.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace HealthMesh.WriteBack.Notes;

/// <summary>
/// Redelivers only transient EHR failures, with exponential backoff; a rejection by the EHR faults at once with its
/// reason (issue codes and element paths, never the EHR's text). The in-memory outbox holds <c>ClinicalNoteWrittenBack</c> until the write succeeded.
/// </summary>
/// <remarks>Default concurrency 8: the work is waiting on the EHR, and more at once would only load the EHR.</remarks>
public sealed class WriteBackClinicalNoteConsumerDefinition : ConsumerDefinition<WriteBackClinicalNoteConsumer>
{
    public const int DefaultConcurrentMessageLimit = 8;

    private readonly WriteBackOptions options;

    public WriteBackClinicalNoteConsumerDefinition(IOptions<WriteBackOptions> options, IOptions<TransportOptions> transport)
    {
        this.options = options.Value;
        EndpointName = KnownQueues.WriteBackClinicalNote;
        Endpoint(ReceiveEndpointLimits.For(transport.Value, KnownQueues.WriteBackClinicalNote, DefaultConcurrentMessageLimit).ApplyTo);
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
        consumerConfigurator.UsePhiSafeExceptions(typeof(EhrRejectedWriteException), typeof(EhrUnavailableException), typeof(ReidentificationDataUnavailableException));
    }
}
