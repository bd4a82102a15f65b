using HealthMesh.AllInOne.Hosting;
using HealthMesh.Contracts;
using MassTransit;

namespace HealthMesh.AllInOne.Progress;

/// <summary>Tells the person running <c>healthmesh</c> what the workflows are doing. Ids only: never PHI.</summary>
public sealed partial class WorkflowProgressConsumer(EmbeddedHostInfo host, ILogger<WorkflowProgressConsumer> logger) :
    IConsumer<ClinicalEventReceived>,
    IConsumer<ClinicalNoteDrafted>,
    IConsumer<ClinicalNoteReviewOverdue>,
    IConsumer<ClinicalNoteWorkflowFaulted>,
    IConsumer<ClinicalNoteWorkflowCompleted>
{
    public Task Consume(ConsumeContext<ClinicalEventReceived> context)
    {
        LogReceived(context.Message.ResourceType, context.Message.WorkflowId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ClinicalNoteDrafted> context)
    {
        LogDrafted(context.Message.Priority, context.Message.WorkflowId, $"{host.BaseUrl}/review/{context.Message.WorkflowId}");
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ClinicalNoteReviewOverdue> context)
    {
        LogOverdue(context.Message.WorkflowId, context.Message.DueAt);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ClinicalNoteWorkflowFaulted> context)
    {
        LogFaulted(context.Message.WorkflowId, context.Message.Step, context.Message.Attempts, context.Message.Reason);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ClinicalNoteWorkflowCompleted> context)
    {
        LogCompleted(context.Message.WorkflowId, context.Message.DocumentReference);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event received: {ResourceType} → workflow {WorkflowId}")]
    private partial void LogReceived(string resourceType, Guid workflowId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft ready for review ({Priority}): workflow {WorkflowId} — {ReviewUrl}")]
    private partial void LogDrafted(ReviewPriority priority, Guid workflowId, string reviewUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review overdue since {DueAt:u}: workflow {WorkflowId}")]
    private partial void LogOverdue(Guid workflowId, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow {WorkflowId} faulted in {Step} after {Attempts} attempt(s): {Reason}")]
    private partial void LogFaulted(Guid workflowId, string step, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Note written back to the EHR: workflow {WorkflowId} → {DocumentReference}")]
    private partial void LogCompleted(Guid workflowId, string documentReference);
}
