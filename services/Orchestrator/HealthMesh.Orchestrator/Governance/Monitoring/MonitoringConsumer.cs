using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.Summarization.Coding;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>
/// Feeds <see cref="MonitoringStore"/> from the workflow's events on a queue of its own (<c>monitoring</c>): when work
/// came in, the patient group De-identification derived, and the shape of the first draft. Every write is an upsert
/// keyed by workflow id, so a redelivery or a replay changes nothing.
/// </summary>
public sealed partial class MonitoringConsumer(MonitoringStore store, IClinicalDocumentStore documents, TimeProvider clock, ILogger<MonitoringConsumer> logger) :
    IConsumer<ClinicalEventReceived>,
    IConsumer<ClinicalContextDeidentified>,
    IConsumer<ClinicalNoteDrafted>
{
    public Task Consume(ConsumeContext<ClinicalEventReceived> context) =>
        store.RecordReceivedAsync(context.Message.WorkflowId, context.Message.NoteKind, context.Message.ReceivedAt, context.CancellationToken);

    public async Task Consume(ConsumeContext<ClinicalContextDeidentified> context)
    {
        if (context.Message.PatientGroup is { } group)
        {
            await store.RecordGroupAsync(context.Message.WorkflowId, group, context.CancellationToken);
        }
    }

    public async Task Consume(ConsumeContext<ClinicalNoteDrafted> context)
    {
        var drafted = context.Message;
        StructuredNote draft;
        try
        {
            draft = await documents.GetJsonAsync<StructuredNote>(drafted.DraftReference, context.CancellationToken);
        }
        catch (ClinicalDocumentNotFoundException)
        {
            // Purged already (a late redelivery after write-back): drift loses one sample, the workflow nothing.
            LogDraftGone(drafted.WorkflowId, drafted.Revision);
            return;
        }

        await store.RecordDraftAsync(
            drafted.WorkflowId,
            context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : clock.GetUtcNow(),
            draft.Sources.Sum(s => s.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length),
            [.. draft.Sections.Where(s => s.Sentences.Count > 0).Select(s => s.Code)],
            [.. draft.Codes.Select(Chapter)],
            context.CancellationToken);
    }

    /// <summary>An ICD-10-CM code's chapter letter; codes of other systems count together.</summary>
    internal static string Chapter(ProposedCode code) =>
        code.System == Icd10CodeTable.System && code.Code.Length > 0 ? code.Code[..1].ToUpperInvariant() : "other";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId}: draft revision {Revision} is no longer stored; its shape is left out of drift monitoring")]
    private partial void LogDraftGone(Guid workflowId, int revision);
}
