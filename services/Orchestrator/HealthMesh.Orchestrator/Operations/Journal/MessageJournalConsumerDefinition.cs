using MassTransit;

namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>
/// Own queue, retries for a database that is briefly away. A message that still cannot be journaled goes to
/// <c>message-journal_error</c>, where the failed-messages tools find it; the workflow itself is not held up.
/// </summary>
public sealed class MessageJournalConsumerDefinition : ConsumerDefinition<MessageJournalConsumer>
{
    public const string QueueName = "message-journal";

    public MessageJournalConsumerDefinition()
    {
        EndpointName = QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MessageJournalConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000, 2000, 5000));
}
