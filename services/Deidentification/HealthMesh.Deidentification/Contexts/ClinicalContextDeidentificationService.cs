using HealthMesh.Deidentification.Audit;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.PatientGroups;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Contexts;

/// <summary>Loads a workflow's PHI context, de-identifies it and stores the de-identified Bundle, the vault and the audit.</summary>
public sealed class ClinicalContextDeidentificationService(IClinicalDocumentStore documents, ContextDeidentifier deidentifier, IOptions<DeidentificationOptions> options)
{
    public async Task<ClinicalContextDeidentificationResult> DeidentifyAsync(Guid workflowId, string contextReference, CancellationToken cancellationToken)
    {
        var bytes = await documents.GetAsync(contextReference, cancellationToken);
        Bundle context;
        try
        {
            context = FhirJson.Parse<Bundle>(bytes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The parser's message can quote element values, which are PHI here; only the kind of failure is kept.
            throw new ClinicalContextRejectedException($"The context document is not a valid FHIR R4 Bundle ({e.GetType().Name}).");
        }

        var result = deidentifier.Deidentify(context, workflowId);
        // The vault first: a de-identified context must never exist without the means to re-identify its note.
        await documents.PutAsync(workflowId, KnownDocumentNames.ReidentificationVault, result.Vault.ToJson(), DocumentSensitivity.Phi, cancellationToken);
        var reference = await documents.PutAsync(
            workflowId, KnownDocumentNames.DeidentifiedContext, FhirJson.SerializeToUtf8Bytes(result.Bundle), DocumentSensitivity.Deidentified, cancellationToken);
        var audit = new DeidentificationAuditRecord(
            workflowId, options.Value.ProfilePath is { Length: > 0 } path ? Path.GetFileName(path) : "default", result.IdentifiersReplaced, result.Audit);
        await documents.PutAsync(workflowId, KnownDocumentNames.Audit, audit.ToJson(), DocumentSensitivity.Deidentified, cancellationToken);
        // Derived from the identified Patient, for the Orchestrator's fairness monitoring only; it is not in the stored context.
        return new ClinicalContextDeidentificationResult(reference, result.IdentifiersReplaced, audit, PatientGroupDeriver.Derive(context));
    }
}
