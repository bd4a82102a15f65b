using System.Diagnostics.Metrics;
using HealthMesh.Contracts;
using HealthMesh.Intake.Consent;
using HealthMesh.Intake.Context;
using HealthMesh.Intake.Journal;
using HealthMesh.Intake.Triggers;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.ServiceDefaults.Messaging;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake;

/// <summary>
/// The one path by which a clinical event enters HealthMesh, used by the notification endpoint and in-process callers:
/// journal it, decide whether it triggers a note, build and store its context, publish <see cref="ClinicalEventReceived"/>.
/// Returns only once the event is durably handed to the broker, is a duplicate, or is ignored.
/// </summary>
public sealed partial class ClinicalEventIntake(
    IntakeJournal journal,
    ClinicalContextBuilder context,
    PatientConsentCheck consent,
    NoteTrigger triggers,
    IClinicalDocumentStore documents,
    IPublishEndpoint publisher,
    IOptions<IntakeOptions> options,
    TimeProvider clock,
    ILogger<ClinicalEventIntake> logger)
{
    /// <summary>Name of the PHI document holding the context Bundle (see ARCHITECTURE: the context Bundle).</summary>
    public const string ContextDocumentName = "context";

    private static readonly Counter<long> Events = HealthMeshTelemetry.Meter.CreateCounter<long>(
        "healthmesh.intake.events", description: "Clinical events handled by Intake, by outcome.");

    private static readonly TimeSpan ConcurrentDeliveryPoll = TimeSpan.FromMilliseconds(25);

    /// <summary>Accepts a resource handed over in-process (not through a subscription).</summary>
    public Task<IntakeOutcome> AcceptAsync(Resource focus, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(focus.Id))
        {
            throw new IntakeRejectedException($"The {focus.TypeName} has no id; only resources read from the EHR can start a note.");
        }

        return AcceptAsync(NotificationSource.Direct, new ResourceKey(focus.TypeName, focus.Id, focus.Meta?.VersionId), focus, cancellationToken);
    }

    /// <param name="focus">The resource when the notification carried it; null to read <paramref name="focusKey"/> from the EHR.</param>
    /// <exception cref="IntakeRejectedException">Bad input: the EHR should not resend it unchanged.</exception>
    /// <exception cref="IntakeUnavailableException">Broker or EHR unavailable: the journal entry stays pending for a redelivery.</exception>
    public async Task<IntakeOutcome> AcceptAsync(NotificationSource source, ResourceKey focusKey, Resource? focus, CancellationToken cancellationToken)
    {
        if (!KnownResourceTypes.IsSupported(focusKey.ResourceType))
        {
            throw new IntakeRejectedException(
                $"{focusKey.ResourceType} cannot start a note; notifications must focus on {KnownResourceTypes.Encounter} or {KnownResourceTypes.DiagnosticReport}.");
        }

        var entryId = await ClaimEntryAsync(source, focusKey, cancellationToken);
        if (entryId is not { } claimed)
        {
            var existing = await journal.FindByEventAsync(source.SubscriptionId, source.EventNumber!, cancellationToken);
            return Settle(new IntakeOutcome(
                IntakeOutcomeKind.Duplicate,
                focusKey.ToString(),
                existing?.WorkflowId,
                $"Event {source.EventNumber} of subscription {source.SubscriptionId} was already handled ({existing?.State})."));
        }

        try
        {
            return Settle(await ProcessAsync(claimed, focusKey, focus, cancellationToken));
        }
        catch (IntakeRejectedException e)
        {
            // The journal keeps ids only: the status, not the message, which may quote EHR diagnostics.
            await journal.CompleteAsync(claimed, IntakeEntryState.Rejected, focus?.Meta?.VersionId, null, $"rejected with {e.StatusCode}", CancellationToken.None);
            throw;
        }
        catch
        {
            await journal.ReleaseAsync(claimed, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// This delivery's journal entry, or null when its event number is already settled. While another delivery of the
    /// same event is in flight, waits for it (up to <see cref="IntakeOptions.ConcurrentDeliveryWait"/>) rather than
    /// processing the event a second time.
    /// </summary>
    private async Task<Guid?> ClaimEntryAsync(NotificationSource source, ResourceKey focusKey, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.Value.ConcurrentDeliveryWait;
        while (true)
        {
            if (source.EventNumber is not null)
            {
                var existing = await journal.FindByEventAsync(source.SubscriptionId, source.EventNumber, cancellationToken);
                if (existing is { IsSettled: true })
                {
                    return null;
                }
            }

            if (await journal.ClaimAsync(source, focusKey.ResourceType, focusKey.Id, options.Value.ClaimLease, cancellationToken) is { } entryId)
            {
                return entryId;
            }

            await WaitForConcurrentDeliveryAsync(deadline, $"Event {source.EventNumber} of subscription {source.SubscriptionId}", cancellationToken);
        }
    }

    private async System.Threading.Tasks.Task WaitForConcurrentDeliveryAsync(DateTimeOffset deadline, string what, CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() >= deadline)
        {
            throw new IntakeUnavailableException($"{what} is being handled by another delivery that has not finished yet.");
        }

        await System.Threading.Tasks.Task.Delay(ConcurrentDeliveryPoll, clock, cancellationToken);
    }

    private async Task<IntakeOutcome> ProcessAsync(Guid entryId, ResourceKey focusKey, Resource? focus, CancellationToken cancellationToken)
    {
        focus ??= await context.ReadFocusAsync(focusKey, cancellationToken);
        if (focus.TypeName != focusKey.ResourceType || focus.Id != focusKey.Id)
        {
            throw new IntakeRejectedException(
                $"The notification names {focusKey} but the resource is {focus.TypeName}/{focus.Id}.",
                StatusCodes.Status422UnprocessableEntity);
        }

        var version = focus.Meta?.VersionId;
        if (string.IsNullOrEmpty(version))
        {
            throw new IntakeRejectedException(
                $"{focusKey} has no meta.versionId; HealthMesh keys each note to one version of the resource.");
        }

        var decision = triggers.Classify(focus);
        if (decision.Kind is not { } kind)
        {
            await journal.CompleteAsync(entryId, IntakeEntryState.Ignored, version, null, decision.IgnoredReason, cancellationToken);
            return new IntakeOutcome(IntakeOutcomeKind.Ignored, focusKey.ToString(), null, decision.IgnoredReason);
        }

        var workflowId = ClinicalNoteWorkflowId.From(context.SourceSystem, focusKey.ResourceType, focusKey.Id, version);
        if (!await ClaimWorkflowAsync(workflowId, entryId, cancellationToken))
        {
            const string reason = "This resource version already started a workflow.";
            await journal.CompleteAsync(entryId, IntakeEntryState.Duplicate, version, workflowId, reason, cancellationToken);
            return new IntakeOutcome(IntakeOutcomeKind.Duplicate, focusKey.ToString(), workflowId, reason);
        }

        string? consentReason;
        try
        {
            consentReason = await PublishAsync(workflowId, focusKey, focus, version, kind, cancellationToken);
        }
        catch
        {
            await journal.ReleaseWorkflowAsync(workflowId, entryId, CancellationToken.None);
            throw;
        }

        await journal.CompletePublishedAsync(entryId, version, workflowId, cancellationToken);
        return new IntakeOutcome(IntakeOutcomeKind.Accepted, focusKey.ToString(), workflowId, consentReason);
    }

    /// <summary>True when this delivery may publish the workflow; false when another delivery published it.</summary>
    private async Task<bool> ClaimWorkflowAsync(Guid workflowId, Guid entryId, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.Value.ConcurrentDeliveryWait;
        while (true)
        {
            switch (await journal.ClaimWorkflowAsync(workflowId, entryId, options.Value.ClaimLease, cancellationToken))
            {
                case WorkflowClaim.Claimed:
                    return true;
                case WorkflowClaim.Published:
                    return false;
                default:
                    await WaitForConcurrentDeliveryAsync(deadline, $"Workflow {workflowId}", cancellationToken);
                    break;
            }
        }
    }

    /// <summary>
    /// Checks consent, then publishes the workflow's start. Consent is checked here, before the context is read: for a
    /// patient who opted out, nothing beyond the focus and the Consents is read from the EHR and no PHI is stored. The
    /// denial goes on the bus as ids and a reason only, and starts the workflow directly in its final state.
    /// </summary>
    /// <returns>The denial's reason when consent stopped the workflow; null when it started.</returns>
    private async Task<string?> PublishAsync(Guid workflowId, ResourceKey focusKey, Resource focus, string version, NoteKind kind, CancellationToken cancellationToken)
    {
        var decision = await consent.CheckAsync(ClinicalContextBuilder.PatientOf(focus), KnownConsentStages.Start, cancellationToken);
        if (!decision.Permitted)
        {
            LogConsentDenied(workflowId, decision.ConsentReference);
            await PublishOrThrowAsync(
                workflowId,
                new ClinicalEventConsentDenied(
                    workflowId, context.SourceSystem, focusKey.ResourceType, focusKey.Id, version, focus.Meta?.LastUpdated, kind, decision.Reason, clock.GetUtcNow()),
                cancellationToken);
            return $"Consent denied: {decision.Reason}";
        }

        var bundle = await context.BuildAsync(focus, kind, cancellationToken);
        var contextReference = await documents.PutAsync(
            workflowId, ContextDocumentName, FhirJson.SerializeToUtf8Bytes(bundle), DocumentSensitivity.Phi, cancellationToken);

        var received = new ClinicalEventReceived(
            workflowId,
            context.SourceSystem,
            focusKey.ResourceType,
            focusKey.Id,
            version,
            focus.Meta?.LastUpdated,
            kind,
            contextReference,
            clock.GetUtcNow());
        await PublishOrThrowAsync(workflowId, received, cancellationToken);
        return null;
    }

    private async System.Threading.Tasks.Task PublishOrThrowAsync<T>(Guid workflowId, T message, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            // On RabbitMQ this returns after the publisher confirm: the event is durably with the broker.
            await publisher.Publish(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(e, workflowId);
            throw new IntakeUnavailableException("The message broker did not accept the event; it stays pending until redelivered.", e);
        }
    }

    private IntakeOutcome Settle(IntakeOutcome outcome)
    {
        Events.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Kind.ToString()));
        LogOutcome(outcome.Kind, outcome.ResourceKey, outcome.WorkflowId);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Intake {Outcome} {ResourceKey} (workflow {WorkflowId})")]
    private partial void LogOutcome(IntakeOutcomeKind outcome, string resourceKey, Guid? workflowId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} stops at start: the patient's consent ({ConsentReference}) denies AI-assisted documentation")]
    private partial void LogConsentDenied(Guid workflowId, string? consentReference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the start of workflow {WorkflowId} failed; the journal entry stays pending")]
    private partial void LogPublishFailed(Exception exception, Guid workflowId);
}
