using System.Diagnostics.Metrics;
using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>
/// Journals every integration event of the note workflow, the step commands' faults and operator requests, from a
/// queue of its own (<c>message-journal</c>) bound to each of their exchanges. A consumer rather than a bus observer:
/// it sees each message once per delivery on every transport and in every process shape, and the insert keyed by
/// message id turns a redelivery into a no-op, so each message is recorded exactly once.
/// </summary>
public sealed partial class MessageJournalConsumer(MessageJournal journal, TimeProvider clock, ILogger<MessageJournalConsumer> logger) :
    IConsumer<ClinicalEventReceived>,
    IConsumer<ClinicalContextDeidentified>,
    IConsumer<ClinicalNoteDrafted>,
    IConsumer<ClinicalNoteReviewed>,
    IConsumer<ClinicalNoteWrittenBack>,
    IConsumer<ClinicalNoteWorkflowCompleted>,
    IConsumer<ClinicalNoteWorkflowFaulted>,
    IConsumer<ClinicalNoteSuperseded>,
    IConsumer<ClinicalNoteReviewOverdue>,
    IConsumer<RetryClinicalNoteWorkflow>,
    IConsumer<ReplayClinicalNoteWorkflow>,
    IConsumer<Fault<DeidentifyClinicalContext>>,
    IConsumer<Fault<DraftClinicalNote>>,
    IConsumer<Fault<WriteBackClinicalNote>>
{
    private static readonly Counter<long> Journaled = HealthMeshTelemetry.Meter.CreateCounter<long>(
        "healthmesh.messages.journaled", "{message}", "Integration messages recorded in the journal, by type, step and outcome.");

    public Task Consume(ConsumeContext<ClinicalEventReceived> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.Intake, KnownJournalOutcomes.Succeeded,
            context.Message.SourceSystem, context.Message.ResourceType);

    public Task Consume(ConsumeContext<ClinicalContextDeidentified> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.Deidentify, KnownJournalOutcomes.Succeeded);

    public Task Consume(ConsumeContext<ClinicalNoteDrafted> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.Draft, KnownJournalOutcomes.Succeeded);

    public Task Consume(ConsumeContext<ClinicalNoteReviewed> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.Review, context.Message.Decision switch
        {
            ReviewDecision.Approved => KnownJournalOutcomes.Approved,
            ReviewDecision.ApprovedWithEdits => KnownJournalOutcomes.ApprovedWithEdits,
            ReviewDecision.Rejected => KnownJournalOutcomes.Rejected,
            _ => KnownJournalOutcomes.RegenerationRequested,
        });

    public Task Consume(ConsumeContext<ClinicalNoteWrittenBack> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.WriteBack, KnownJournalOutcomes.Succeeded);

    public Task Consume(ConsumeContext<ClinicalNoteWorkflowCompleted> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.Workflow, KnownJournalOutcomes.Completed);

    public Task Consume(ConsumeContext<ClinicalNoteWorkflowFaulted> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.Workflow, KnownJournalOutcomes.Faulted);

    public Task Consume(ConsumeContext<ClinicalNoteSuperseded> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.Workflow, KnownJournalOutcomes.Superseded);

    public Task Consume(ConsumeContext<ClinicalNoteReviewOverdue> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.Review, KnownJournalOutcomes.Overdue);

    public Task Consume(ConsumeContext<RetryClinicalNoteWorkflow> context) =>
        RecordAsync(context, context.Message.WorkflowId, KnownJournalSteps.Workflow, KnownJournalOutcomes.RetryRequested);

    public Task Consume(ConsumeContext<ReplayClinicalNoteWorkflow> context) =>
        RecordAsync(context, context.Message.WorkflowId, context.Message.FromStep, KnownJournalOutcomes.ReplayRequested);

    public Task Consume(ConsumeContext<Fault<DeidentifyClinicalContext>> context) =>
        RecordAsync(context, context.Message.Message.WorkflowId, KnownJournalSteps.Deidentify, KnownJournalOutcomes.Faulted, exceptionType: ExceptionType(context.Message));

    public Task Consume(ConsumeContext<Fault<DraftClinicalNote>> context) =>
        RecordAsync(context, context.Message.Message.WorkflowId, KnownJournalSteps.Draft, KnownJournalOutcomes.Faulted, exceptionType: ExceptionType(context.Message));

    public Task Consume(ConsumeContext<Fault<WriteBackClinicalNote>> context) =>
        RecordAsync(context, context.Message.Message.WorkflowId, KnownJournalSteps.WriteBack, KnownJournalOutcomes.Faulted, exceptionType: ExceptionType(context.Message));

    /// <summary>The journal's name for a message type: the contract name, <c>Fault&lt;Command&gt;</c> for faults.</summary>
    public static string MessageTypeName(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Fault<>)
            ? $"Fault<{type.GetGenericArguments()[0].Name}>"
            : type.Name;

    private async Task RecordAsync<T>(
        ConsumeContext<T> context, Guid workflowId, string step, string outcome,
        string? sourceSystem = null, string? resourceType = null, string? exceptionType = null)
        where T : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(T).Name} for workflow {workflowId} arrived without a message id; the journal keys on it.");
        var entry = new JournalEntry(
            messageId, workflowId, MessageTypeName(typeof(T)), step, outcome, sourceSystem, resourceType, exceptionType,
            context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : clock.GetUtcNow(),
            clock.GetUtcNow(),
            HeaderGuid(context, KnownReplayHeaders.ReplayOf),
            HeaderGuid(context, KnownReplayHeaders.ReplayBatch));

        if (!await journal.RecordAsync(entry, context.Message, context.CancellationToken))
        {
            LogDuplicate(messageId, entry.MessageType, workflowId);
            return;
        }

        Journaled.Add(1, new("message_type", entry.MessageType), new("step", step), new("outcome", outcome));
        await journal.RecordStepLatencyAsync(entry, context.CancellationToken);
    }

    private static Guid? HeaderGuid(ConsumeContext context, string header) =>
        context.Headers.Get<string>(header) is { } value && Guid.TryParse(value, out var id) ? id : null;

    private static string? ExceptionType<T>(Fault<T> fault) => fault.Exceptions.FirstOrDefault()?.ExceptionType;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} ({MessageType}) of workflow {WorkflowId} is already journaled; redelivery ignored")]
    private partial void LogDuplicate(Guid messageId, string messageType, Guid workflowId);
}
