using HealthMesh.Contracts;
using HealthMesh.Intake.Context;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Intake.Consent;

/// <summary>
/// Checks consent again before write-back. The patient is read from the workflow's encrypted context document (its
/// Patient entry), so the command on the bus names a document, never a patient.
/// </summary>
public sealed partial class CheckPatientConsentConsumer(
    IClinicalDocumentStore documents,
    PatientConsentCheck consent,
    TimeProvider clock,
    ILogger<CheckPatientConsentConsumer> logger) : IConsumer<CheckPatientConsent>
{
    public async System.Threading.Tasks.Task Consume(ConsumeContext<CheckPatientConsent> context)
    {
        var message = context.Message;
        var bundle = FhirJson.Parse<Bundle>(await documents.GetAsync(message.ContextReference, context.CancellationToken));
        var patientId = bundle.Entry.Select(e => e.Resource).OfType<Patient>().FirstOrDefault()?.Id
            ?? throw new IntakeRejectedException(
                $"The context of workflow {message.WorkflowId} holds no Patient; its consent cannot be checked.",
                StatusCodes.Status422UnprocessableEntity);

        var decision = await consent.CheckAsync(new ResourceKey("Patient", patientId, null), KnownConsentStages.WriteBack, context.CancellationToken);
        LogDecision(message.WorkflowId, decision.Kind, decision.ConsentReference);
        await context.Publish(new PatientConsentChecked(message.WorkflowId, decision.Permitted, decision.Reason, clock.GetUtcNow()), context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent check before write-back of workflow {WorkflowId}: {Decision} ({ConsentReference})")]
    private partial void LogDecision(Guid workflowId, ConsentDecisionKind decision, string? consentReference);
}
