using HealthMesh.Contracts;
using MassTransit;

namespace HealthMesh.Orchestrator.UnitTests.Support;

/// <summary>
/// Stands in for Intake's consent check, which is absent from these tests: answers <see cref="CheckPatientConsent"/> with
/// what the test set in <see cref="ConsentAnswer"/> (permitted unless told otherwise).
/// </summary>
public sealed class ConsentResponder(ConsentAnswer answer, TimeProvider clock) : IConsumer<CheckPatientConsent>
{
    public Task Consume(ConsumeContext<CheckPatientConsent> context) =>
        context.Publish(new PatientConsentChecked(context.Message.WorkflowId, answer.Permitted, answer.Reason, clock.GetUtcNow()));
}
