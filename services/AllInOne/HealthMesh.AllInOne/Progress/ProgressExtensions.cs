using MassTransit;

namespace HealthMesh.AllInOne.Progress;

public static class ProgressExtensions
{
    public static IBusRegistrationConfigurator AddProgressConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WorkflowProgressConsumer>();
        return bus;
    }
}
