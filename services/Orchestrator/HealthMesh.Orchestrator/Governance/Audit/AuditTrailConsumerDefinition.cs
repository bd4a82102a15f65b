using MassTransit;

namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>
/// Own queue, retries for a database that is briefly away (appends are serialized in the database, so concurrent
/// deliveries only wait for each other). A message that still cannot be appended goes to <c>audit-trail_error</c>, where the failed-messages tools find it; the workflow is not held up.
/// </summary>
public sealed class AuditTrailConsumerDefinition : ConsumerDefinition<AuditTrailConsumer>
{
    public const string QueueName = "audit-trail";

    public AuditTrailConsumerDefinition()
    {
        EndpointName = QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AuditTrailConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 1000, 2000, 5000));
}
