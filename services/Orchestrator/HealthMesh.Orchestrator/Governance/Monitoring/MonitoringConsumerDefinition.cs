using MassTransit;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>Own queue, retries for a database that is briefly away; the workflow itself is never held up by monitoring.</summary>
public sealed class MonitoringConsumerDefinition : ConsumerDefinition<MonitoringConsumer>
{
    public const string QueueName = "monitoring";

    public MonitoringConsumerDefinition()
    {
        EndpointName = QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MonitoringConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000, 2000, 5000));
}
