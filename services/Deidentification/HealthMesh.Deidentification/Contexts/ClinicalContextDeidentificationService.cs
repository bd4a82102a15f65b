using HealthMesh.Deidentification.Audit;
using HealthMesh.Deidentification.Engine;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
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
        catch (DeserializationFailedException e)
        {
            // The parser's messages quote element values, which are PHI here: error codes and element paths only.
            throw new ClinicalContextRejectedException($"The context document is not a valid FHIR R4 Bundle: {FhirJson.DescribeWithoutValues(e)}.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
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
        return new ClinicalContextDeidentificationResult(reference, result.IdentifiersReplaced, audit);
    }
}
