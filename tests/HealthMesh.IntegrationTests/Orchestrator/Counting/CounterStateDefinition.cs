using MassTransit;

namespace HealthMesh.IntegrationTests.Orchestrator.Counting;

/// <summary>Many messages at once and no partitioner, so consumers really race; retry reloads after a lost race.</summary>
public sealed class CounterStateDefinition : SagaDefinition<CounterState>
{
    public CounterStateDefinition()
    {
        EndpointName = "counter";
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<CounterState> sagaConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<ConcurrencyException>();
            r.Incremental(200, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5));
        });
}
