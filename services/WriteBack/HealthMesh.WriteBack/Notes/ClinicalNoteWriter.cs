using System.Net;
using HealthMesh.Contracts;
using HealthMesh.Deidentification.Vault;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Ehr;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.WriteBack.Fhir;
using HealthMesh.WriteBack.Reidentification;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace HealthMesh.WriteBack.Notes;

/// <summary>
/// Writes one approved note into the EHR: read the final note, re-identify it, place it, find the earlier notes it
/// replaces, write it (and supersede them) in one conditional transaction, then purge the workflow's vault.
/// </summary>
public sealed partial class ClinicalNoteWriter(
    IClinicalDocumentStore documents,
    INoteReidentifier reidentifier,
    ReidentificationVaultPurger vaults,
    ClinicalNoteFhirBuilder builder,
    IServiceProvider services,
    IOptions<EhrOptions> ehr,
    ILogger<ClinicalNoteWriter> logger)
{
    private readonly string sourceSystem = ehr.Value.BaseUrl!.AbsoluteUri.TrimEnd('/');

    /// <exception cref="EhrRejectedWriteException">The EHR refused the write (not retried).</exception>
    /// <exception cref="EhrUnavailableException">The EHR is throttling, failing or unreachable (retried).</exception>
    /// <exception cref="ReidentificationDataUnavailableException">The vault was purged before the note was written (not retried).</exception>
    public async Task<ClinicalNoteWrittenBack> WriteAsync(WriteBackClinicalNote command, CancellationToken cancellationToken)
    {
        if (!string.Equals(command.SourceSystem.TrimEnd('/'), sourceSystem, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Workflow {command.WorkflowId} came from {command.SourceSystem}, but this write-back is configured for {sourceSystem}; a note is only written to the EHR it came from.");
        }

        var note = await documents.GetJsonAsync<StructuredNote>(command.FinalNoteReference, cancellationToken);
        if (note.WorkflowId != command.WorkflowId)
        {
            throw new InvalidDataException($"Document {command.FinalNoteReference} holds the note of workflow {note.WorkflowId}, not {command.WorkflowId}.");
        }

        StructuredNote reidentified;
        try
        {
            reidentified = await reidentifier.ReidentifyAsync(command.WorkflowId, note, cancellationToken);
        }
        catch (ReidentificationDataUnavailableException e) when (e.Purge?.WrittenBack is { } earlier)
        {
            // The vault went with the confirmed write; the write's own answer stands (as a conditional create would say).
            LogAlreadyWritten(command.WorkflowId, earlier.DocumentReference);
            return earlier;
        }

        var context = FhirJson.Parse<Bundle>(await documents.GetAsync(ContextReference(command.WorkflowId), cancellationToken));
        var subject = ContextBundle.ReadSubject(context);

        var attestation = new NoteAttestation(NoteStatus.Final, command.ReviewerReference, command.ReviewedAt);
        var replaces = await FindReplacedNotesAsync(reidentified, subject, attestation, cancellationToken);
        var resources = builder.Build(reidentified, subject, attestation, replaces);
        var transaction = builder.BuildTransaction(resources);
        var response = await TransactAsync(transaction, cancellationToken);

        var written = Read(command.WorkflowId, response, transaction.Entry.Count);
        LogWritten(command.WorkflowId, written.DocumentReference, written.AlreadyPresent);
        // Only now is the mapping no longer needed; a failure here redelivers, and the replay finds the note present.
        await vaults.PurgeWrittenBackAsync(written, cancellationToken);
        return written;
    }

    /// <summary>
    /// Intake stores the context as the document <c>context</c> of the workflow; the write-back command does not carry
    /// its reference, so it is named the way <see cref="SqlClinicalDocumentStore"/> names documents.
    /// </summary>
    private static string ContextReference(Guid workflowId) => ClinicalDocumentReference.For(workflowId, ContextBundle.DocumentName);

    /// <summary>
    /// The patient's current DocumentReferences that are earlier HealthMesh notes about the same source (a note for an
    /// older version of the encounter or report). Searched by subject and status, which every R4 server supports, and
    /// narrowed by <see cref="ClinicalNoteFhirBuilder.IsReplacedBy"/>.
    /// </summary>
    private async Task<IReadOnlyList<DocumentReference>> FindReplacedNotesAsync(
        StructuredNote note, ClinicalNoteSubject subject, NoteAttestation attestation, CancellationToken cancellationToken)
    {
        using var client = services.CreateEhrFhirClient();
        var replaced = new List<DocumentReference>();
        try
        {
            var page = await client.SearchAsync("DocumentReference", [$"subject={subject.PatientReference}", "status=current"], ct: cancellationToken);
            while (page is not null)
            {
                replaced.AddRange(page.Entry
                    .Where(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match)
                    .Select(e => e.Resource)
                    .OfType<DocumentReference>()
                    .Where(d => builder.IsReplacedBy(d, note, subject, attestation)));
                page = page.NextLink is null ? null : await client.ContinueAsync(page, ct: cancellationToken);
            }
        }
        catch (FhirOperationException e) when (e.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)e.Status >= 500)
        {
            throw new EhrUnavailableException($"The EHR answered {(int)e.Status} to the search for earlier notes: {EhrOutcome.Describe(e)}.");
        }
        catch (FhirOperationException e)
        {
            throw new EhrRejectedWriteException("search for earlier notes of the patient", (int)e.Status, EhrOutcome.Describe(e));
        }
        catch (Exception e) when (e is HttpRequestException or ExecutionRejectedException or TimeoutException
                                  || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new EhrUnavailableException($"The EHR could not be reached for the search for earlier notes: {EhrOutcome.Cause(e)}.");
        }

        return replaced;
    }

    private async Task<Bundle> TransactAsync(Bundle transaction, CancellationToken cancellationToken)
    {
        using var client = services.CreateEhrFhirClient();
        try
        {
            return await client.TransactionAsync(transaction, cancellationToken)
                ?? throw new EhrUnavailableException("The EHR answered the transaction without a body.");
        }
        catch (FhirOperationException e) when (e.Status is HttpStatusCode.PreconditionFailed)
        {
            // An earlier note changed between the search and the write (If-Match): the redelivery searches again.
            throw new EhrUnavailableException($"The EHR answered 412 to the note transaction: an earlier note changed while it was being superseded ({EhrOutcome.Describe(e)}).");
        }
        catch (FhirOperationException e) when (e.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)e.Status >= 500)
        {
            throw new EhrUnavailableException($"The EHR answered {(int)e.Status} to the note transaction: {EhrOutcome.Describe(e)}.");
        }
        catch (FhirOperationException e)
        {
            throw new EhrRejectedWriteException("note transaction", (int)e.Status, EhrOutcome.Describe(e));
        }
        catch (Exception e) when (e is HttpRequestException or ExecutionRejectedException or TimeoutException
                                  || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new EhrUnavailableException($"The EHR could not be reached for the note transaction: {EhrOutcome.Cause(e)}.");
        }
    }

    private static ClinicalNoteWrittenBack Read(Guid workflowId, Bundle response, int expected)
    {
        // Entries answer in request order: DocumentReference, Composition, Provenance, then any Conditions.
        if (response.Entry.Count != expected)
        {
            throw new InvalidDataException($"The EHR's transaction-response has {response.Entry.Count} entries; expected {expected}.");
        }

        var locations = response.Entry.Select(e => Relative(e.Response?.Location)).ToList();
        // 200 means the conditional create found the resource already there: this note was written before.
        var alreadyPresent = response.Entry.All(e => e.Response?.Status?.StartsWith("200", StringComparison.Ordinal) == true);
        return new ClinicalNoteWrittenBack(workflowId, locations[0], locations[1], locations[2], alreadyPresent);
    }

    private static string Relative(string? location)
    {
        if (string.IsNullOrEmpty(location))
        {
            throw new InvalidDataException("The EHR's transaction-response entry has no location.");
        }

        var identity = new ResourceIdentity(location);
        return $"{identity.ResourceType}/{identity.Id}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} note was written back before as {DocumentReference}; its vault is purged, nothing written")]
    private partial void LogAlreadyWritten(Guid workflowId, string documentReference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} note written back as {DocumentReference} (already present: {AlreadyPresent})")]
    private partial void LogWritten(Guid workflowId, string documentReference, bool alreadyPresent);
}
