using HealthMesh.ServiceDefaults.Messaging;
using MassTransit;

namespace HealthMesh.Intake.Consent;

/// <summary>
/// An unavailable EHR is retried with backoff; a refused search or a context without a Patient is not (it faults, and
/// the workflow records the fault for an operator's retry).
/// </summary>
public sealed class CheckPatientConsentConsumerDefinition : ConsumerDefinition<CheckPatientConsentConsumer>
{
    public CheckPatientConsentConsumerDefinition() => EndpointName = KnownQueues.CheckPatientConsent;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CheckPatientConsentConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<IntakeUnavailableException>();
            r.Exponential(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        });
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
