using System.Globalization;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.Journal;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>
/// Appends what the services did to a workflow, from a queue of its own (<c>audit-trail</c>) bound to the workflow's
/// integration events, step faults and operator requests: the same pattern as the message journal, so every process
/// shape and transport feeds it, and the source key (message id + action) turns a redelivery into a no-op.
/// </summary>
/// <remarks>
/// Re-identification is derived from <see cref="ClinicalNoteWrittenBack"/> (and a write-back fault): write-back
/// re-identifies the approved note immediately before the EHR write and the re-identified note leaves the service
/// only in that write, so the write-back event is the disclosure. Write-back publishes through an in-memory outbox,
/// so its own event for a vault read would be dropped with a failed attempt; deriving keeps one source of truth and
/// needs no new contract. A write-back fault is recorded as a failed write-back naming its exception type.
/// Review decisions are recorded from <see cref="ClinicalNoteReviewed"/>: it is published only when the decision was
/// accepted (API, page, or <c>process --approve-as</c>) and names the signed-in reviewer's Practitioner.
/// </remarks>
public sealed partial class AuditTrailConsumer(AuditTrail trail, ILogger<AuditTrailConsumer> logger) :
    IConsumer<ClinicalEventReceived>,
    IConsumer<ClinicalContextDeidentified>,
    IConsumer<ClinicalNoteDrafted>,
    IConsumer<ClinicalNoteReviewed>,
    IConsumer<ClinicalNoteWrittenBack>,
    IConsumer<RetryClinicalNoteWorkflow>,
    IConsumer<ReplayClinicalNoteWorkflow>,
    IConsumer<Fault<DeidentifyClinicalContext>>,
    IConsumer<Fault<DraftClinicalNote>>,
    IConsumer<Fault<WriteBackClinicalNote>>
{
    public Task Consume(ConsumeContext<ClinicalEventReceived> context)
    {
        var m = context.Message;
        return AppendAsync(context, m.WorkflowId, KnownAuditActions.Accepted, KnownAuditServices.Intake, new Dictionary<string, string>
        {
            [KnownAuditDetails.Source] = $"{m.ResourceType}/{m.ResourceId}/_history/{m.ResourceVersion}",
            [KnownAuditDetails.SourceSystem] = m.SourceSystem,
            [KnownAuditDetails.NoteKind] = m.NoteKind.ToString(),
        });
    }

    public Task Consume(ConsumeContext<ClinicalContextDeidentified> context) =>
        AppendAsync(context, context.Message.WorkflowId, KnownAuditActions.Deidentified, KnownAuditServices.Deidentification, new Dictionary<string, string>
        {
            [KnownAuditDetails.IdentifiersReplaced] = context.Message.IdentifiersReplaced.ToString(CultureInfo.InvariantCulture),
        });

    public Task Consume(ConsumeContext<ClinicalNoteDrafted> context) =>
        AppendAsync(context, context.Message.WorkflowId, KnownAuditActions.Drafted, KnownAuditServices.Summarization, new Dictionary<string, string>
        {
            [KnownAuditDetails.Engine] = context.Message.EngineName,
            [KnownAuditDetails.EngineVersion] = context.Message.EngineVersion,
            [KnownAuditDetails.Revision] = context.Message.Revision.ToString(CultureInfo.InvariantCulture),
        });

    public async Task Consume(ConsumeContext<ClinicalNoteReviewed> context)
    {
        var m = context.Message;
        var detail = new Dictionary<string, string> { [KnownAuditDetails.Revision] = m.ReviewedRevision.ToString(CultureInfo.InvariantCulture) };
        if (m.Decision == ReviewDecision.ApprovedWithEdits)
        {
            await AppendAsync(context, m.WorkflowId, KnownAuditActions.Edited, m.ReviewerReference, detail, KnownAuditAgentTypes.Person);
        }

        var action = m.Decision switch
        {
            ReviewDecision.Approved or ReviewDecision.ApprovedWithEdits => KnownAuditActions.Approved,
            ReviewDecision.Rejected => KnownAuditActions.Rejected,
            _ => KnownAuditActions.RegenerationRequested,
        };
        await AppendAsync(context, m.WorkflowId, action, m.ReviewerReference, detail, KnownAuditAgentTypes.Person);
    }

    public async Task Consume(ConsumeContext<ClinicalNoteWrittenBack> context)
    {
        var m = context.Message;
        await AppendAsync(context, m.WorkflowId, KnownAuditActions.Reidentified, KnownAuditServices.WriteBack, new Dictionary<string, string>());
        await AppendAsync(context, m.WorkflowId, KnownAuditActions.WrittenBack, KnownAuditServices.WriteBack, new Dictionary<string, string>
        {
            [KnownAuditDetails.DocumentReference] = m.DocumentReference,
            [KnownAuditDetails.Composition] = m.CompositionReference,
            [KnownAuditDetails.Provenance] = m.ProvenanceReference,
            [KnownAuditDetails.AlreadyPresent] = m.AlreadyPresent ? "true" : "false",
        });
    }

    public Task Consume(ConsumeContext<RetryClinicalNoteWorkflow> context) =>
        AppendAsync(context, context.Message.WorkflowId, KnownAuditActions.Retried, context.Message.RequestedBy, new Dictionary<string, string>(), KnownAuditAgentTypes.Operator);

    public Task Consume(ConsumeContext<ReplayClinicalNoteWorkflow> context) =>
        AppendAsync(context, context.Message.WorkflowId, KnownAuditActions.Replayed, context.Message.RequestedBy, new Dictionary<string, string>
        {
            [KnownAuditDetails.FromStep] = context.Message.FromStep,
            [KnownAuditDetails.ReplayBatch] = context.Message.ReplayBatchId.ToString(),
            [KnownAuditDetails.ReplayOf] = context.Message.ReplayOf.ToString(),
        }, KnownAuditAgentTypes.Operator);

    public Task Consume(ConsumeContext<Fault<DeidentifyClinicalContext>> context) =>
        FailedAsync(context, context.Message.Message.WorkflowId, KnownAuditActions.Deidentified, KnownAuditServices.Deidentification);

    public Task Consume(ConsumeContext<Fault<DraftClinicalNote>> context) =>
        FailedAsync(context, context.Message.Message.WorkflowId, KnownAuditActions.Drafted, KnownAuditServices.Summarization);

    public Task Consume(ConsumeContext<Fault<WriteBackClinicalNote>> context) =>
        FailedAsync(context, context.Message.Message.WorkflowId, KnownAuditActions.WrittenBack, KnownAuditServices.WriteBack);

    private Task FailedAsync<T>(ConsumeContext<Fault<T>> context, Guid workflowId, string action, string service)
        where T : class =>
        AppendAsync(context, workflowId, action, service, new Dictionary<string, string>
        {
            [KnownAuditDetails.ExceptionType] = context.Message.Exceptions.FirstOrDefault()?.ExceptionType ?? "unknown",
        }, outcome: KnownAuditOutcomes.Failure);

    private async Task AppendAsync<T>(
        ConsumeContext<T> context, Guid workflowId, string action, string agent, Dictionary<string, string> detail,
        string agentType = KnownAuditAgentTypes.Service, string outcome = KnownAuditOutcomes.Success)
        where T : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(T).Name} for workflow {workflowId} arrived without a message id; the audit trail keys on it.");
        // A message an operator replayed says so, so a second "accepted" or "drafted" reads as the replay it was.
        if (context.Headers.Get<string>(KnownReplayHeaders.ReplayBatch) is { } batch)
        {
            detail[KnownAuditDetails.ReplayBatch] = batch;
            detail[KnownAuditDetails.ReplayOf] = context.Headers.Get<string>(KnownReplayHeaders.ReplayOf) ?? "unknown";
        }

        var appended = await trail.AppendAsync(
            new AuditEntry(workflowId, action, outcome, agentType, agent, null, detail, $"{messageId:N}:{action}"),
            context.CancellationToken);
        if (appended is null)
        {
            LogDuplicate(messageId, action, workflowId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} ({Action}) of workflow {WorkflowId} is already in the audit trail; redelivery ignored")]
    private partial void LogDuplicate(Guid messageId, string action, Guid workflowId);
}
