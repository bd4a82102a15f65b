using HealthMesh.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Summarization.Drafting;

public sealed partial class DraftClinicalNoteConsumer(
    ClinicalNoteDraftingService service,
    TimeProvider clock,
    ILogger<DraftClinicalNoteConsumer> logger) : IConsumer<DraftClinicalNote>
{
    public async Task Consume(ConsumeContext<DraftClinicalNote> context)
    {
        // The send time, not the clock: a redelivered command rewrites the very same draft.
        var createdAt = context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : clock.GetUtcNow();
        var drafted = await service.DraftAsync(context.Message, createdAt, context.CancellationToken);
        LogDrafted(drafted.WorkflowId, drafted.Revision, drafted.Priority);
        await context.Publish(drafted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId}: draft revision {Revision} stored, priority {Priority}")]
    private partial void LogDrafted(Guid workflowId, int revision, ReviewPriority priority);
}
