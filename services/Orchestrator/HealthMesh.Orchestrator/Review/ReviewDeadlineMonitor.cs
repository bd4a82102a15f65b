using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Review;

/// <summary>
/// Escalates drafts left unreviewed past their deadline. A MassTransit <c>Schedule</c> would need a durable
/// scheduler: RabbitMQ's delayed-exchange plugin is not in Debian's RabbitMQ and MassTransit.Quartz is not served
/// to this build, and the in-memory scheduler forgets every timeout on restart. So the deadline lives in the saga
/// row (<c>review_due_at</c>) and this service polls for rows past it. That survives restarts by construction; it
/// may publish a deadline twice (two instances, or a poll before the saga saved its escalation), which the saga
/// ignores once <c>escalated</c> is set.
/// </summary>
public sealed partial class ReviewDeadlineMonitor(
    IClinicalNoteWorkflowQueries workflows,
    IBus bus,
    TimeProvider clock,
    IOptions<ReviewOptions> options,
    ILogger<ReviewDeadlineMonitor> logger) : BackgroundService
{
    private const int BatchSize = 200;

    /// <summary>Publishes <see cref="ReviewDeadlinePassed"/> for every overdue, unescalated draft; returns how many.</summary>
    public async Task<int> PublishOverdueAsync(CancellationToken cancellationToken = default)
    {
        var overdue = await workflows.GetOverdueAsync(clock.GetUtcNow(), BatchSize, cancellationToken);
        foreach (var workflow in overdue)
        {
            await bus.Publish(new ReviewDeadlinePassed(workflow.CorrelationId, workflow.ReviewDueAt!.Value), cancellationToken);
            LogOverdue(workflow.CorrelationId, workflow.Priority);
        }

        return overdue.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeadlinePollInterval, clock);
        do
        {
            try
            {
                await PublishOverdueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database or broker being away for a while must not stop escalation for good.
                LogPollFailed(ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review of workflow {WorkflowId} ({Priority}) is past its deadline")]
    private partial void LogOverdue(Guid workflowId, ReviewPriority priority);

    [LoggerMessage(Level = LogLevel.Error, Message = "Review deadline poll failed ({ExceptionType}); trying again next interval")]
    private partial void LogPollFailed(string exceptionType);
}
