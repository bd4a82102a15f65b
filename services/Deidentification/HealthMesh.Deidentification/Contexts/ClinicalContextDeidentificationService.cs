using HealthMesh.Deidentification.Audit;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.PatientGroups;
using HealthMesh.Deidentification.Vault;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Contexts;

/// <summary>
/// Loads a workflow's PHI context, de-identifies it and stores the vault (in its own sealed store), the de-identified
/// Bundle and the audit.
/// </summary>
public sealed partial class ClinicalContextDeidentificationService(
    IClinicalDocumentStore documents,
    ContextDeidentifier deidentifier,
    IReidentificationVaultWriter vaults,
    IOptions<DeidentificationOptions> options,
    ILogger<ClinicalContextDeidentificationService> logger)
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
        if (await vaults.StoreAsync(result.Vault, cancellationToken) is { } purge)
        {
            if (purge.WrittenBack is null)
            {
                // Purged for consent or retention: de-identifying again would bring back what was deliberately removed.
                throw new ClinicalContextRejectedException(
                    $"The re-identification data of workflow {workflowId} was purged at {purge.PurgedAt:O} ({purge.Reason}); its context is not de-identified again.");
            }

            // A replay after the note was written: write-back answers from the tombstone and needs no vault.
            LogReplayAfterWriteBack(workflowId);
        }

        var reference = await documents.PutAsync(
            workflowId, KnownDocumentNames.DeidentifiedContext, FhirJson.SerializeToUtf8Bytes(result.Bundle), DocumentSensitivity.Deidentified, cancellationToken);
        var audit = new DeidentificationAuditRecord(
            workflowId, options.Value.ProfilePath is { Length: > 0 } path ? Path.GetFileName(path) : "default", result.IdentifiersReplaced, result.Audit);
        await documents.PutAsync(workflowId, KnownDocumentNames.Audit, audit.ToJson(), DocumentSensitivity.Deidentified, cancellationToken);
        // Derived from the identified Patient, for the Orchestrator's fairness monitoring only; it is not in the stored context.
        return new ClinicalContextDeidentificationResult(reference, result.IdentifiersReplaced, audit, PatientGroupDeriver.Derive(context));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId}: de-identified again after its note was written back; its vault stays purged")]
    private partial void LogReplayAfterWriteBack(Guid workflowId);
}
