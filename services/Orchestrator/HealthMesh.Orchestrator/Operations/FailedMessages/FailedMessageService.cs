using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>
/// Failed messages, workflow-aware. On RabbitMQ they are the messages in the error and dead-letter queues; on the
/// in-memory transport, which keeps no browsable error queue, the step-command faults the journal recorded for workflows
/// still Faulted. A retry of a step command whose workflow is Faulted goes through the saga
/// (<see cref="RetryClinicalNoteWorkflow"/>: it re-sends the step from the workflow's state and counts the attempt);
/// any other failed message goes back to its input queue. Parking moves it to <c>&lt;queue&gt;_parking</c> (in memory:
/// the journal records it, and it moves from the failed list to the parked list); a parked message is retried the same
/// way when asked for with <see cref="FailedMessagesRequest.Parked"/>.
/// </summary>
public sealed partial class FailedMessageService(
    MessageJournal journal,
    IClinicalNoteWorkflowQueries workflows,
    IPublishEndpoint publisher,
    RabbitMqFailedQueues rabbitMq,
    TimeProvider clock,
    ILogger<FailedMessageService> logger)
{
    public const string JournalQueue = "journal";
    public const string JournalParkingQueue = JournalQueue + KnownFailedQueues.ParkingSuffix;
    private const string ParkedType = "FailedMessageParked";
    private const int Limit = 5_000;

    /// <param name="parked">List parked messages instead of failed ones.</param>
    public async Task<IReadOnlyList<FailedMessage>> ListAsync(string? messageType = null, bool parked = false, CancellationToken cancellationToken = default)
    {
        var failed = rabbitMq.Enabled ? await rabbitMq.ListAsync(parked, cancellationToken) : await FromJournalAsync(parked, cancellationToken);
        return [.. failed.Where(f => messageType is null || Matches(f, messageType)).OrderByDescending(f => f.FaultedAt)];
    }

    public async Task<FailedMessagesResult> RetryAsync(FailedMessagesRequest request, string requestedBy, CancellationToken cancellationToken = default)
    {
        if (rabbitMq.Enabled)
        {
            var faulted = new HashSet<Guid>();
            var taken = await rabbitMq.MoveAsync(
                request.Parked,
                f => Selected(request, f),
                f =>
                {
                    // Re-running the command alone would bring its result to a Faulted saga, which drops it.
                    if (f.WorkflowId is { } id && IsStepQueue(f) && faulted.Add(id))
                    {
                        return null;
                    }

                    return rabbitMq.RetryTargetOf(f.Queue);
                },
                cancellationToken);
            foreach (var id in faulted)
            {
                await RetryWorkflowAsync(id, requestedBy, cancellationToken);
            }

            return Result(request, taken, "retried", requestedBy);
        }

        var selected = (await FromJournalAsync(request.Parked, cancellationToken)).Where(f => Selected(request, f)).ToList();
        foreach (var workflowId in selected.Select(f => f.WorkflowId!.Value).Distinct())
        {
            await RetryWorkflowAsync(workflowId, requestedBy, cancellationToken);
        }

        return Result(request, selected, "retried", requestedBy);
    }

    public async Task<FailedMessagesResult> ParkAsync(FailedMessagesRequest request, string requestedBy, CancellationToken cancellationToken = default)
    {
        if (rabbitMq.Enabled)
        {
            var parked = await rabbitMq.MoveAsync(parked: false, f => Selected(request, f), f => rabbitMq.ParkingOf(f.Queue), cancellationToken);
            return Result(request, parked, "parked", requestedBy);
        }

        // No queue to move to in memory: the journal records the parking, which moves the fault to the parked list.
        var selected = (await FromJournalAsync(parked: false, cancellationToken)).Where(f => Selected(request, f)).ToList();
        foreach (var fault in selected)
        {
            var now = clock.GetUtcNow();
            await journal.RecordAsync(
                new JournalEntry(NewId.NextGuid(), fault.WorkflowId!.Value, ParkedType, fault.Step, KnownJournalOutcomes.Parked, null, null, fault.ExceptionType, now, now, fault.MessageId, null),
                new { fault.MessageId, RequestedBy = requestedBy },
                cancellationToken);
        }

        return Result(request, selected, "parked", requestedBy);
    }

    /// <summary>
    /// The latest step fault of each workflow still Faulted in that step, failed or parked: a retry takes the workflow
    /// out of Faulted, so a retried parked fault leaves the parked list, and a new fault (a new message id) is failed again.
    /// </summary>
    private async Task<IReadOnlyList<FailedMessage>> FromJournalAsync(bool parked, CancellationToken cancellationToken)
    {
        var entries = await journal.QueryAsync(new JournalQuery(Limit: Limit), cancellationToken);
        var parkedIds = entries.Where(e => e.MessageType == ParkedType && e.ReplayOf is not null).Select(e => e.ReplayOf!.Value).ToHashSet();
        var failed = new List<FailedMessage>();
        var faults = entries
            .Where(e => e.Outcome == KnownJournalOutcomes.Faulted && e.MessageType.StartsWith("Fault<", StringComparison.Ordinal))
            .GroupBy(e => e.WorkflowId)
            .Select(g => g.MaxBy(e => e.SentAt)!)
            .Where(e => parkedIds.Contains(e.MessageId) == parked);
        foreach (var fault in faults)
        {
            var state = await workflows.GetAsync(fault.WorkflowId, cancellationToken);
            if (state?.CurrentState == nameof(ClinicalNoteWorkflow.Faulted) && state.FaultStep == fault.Step)
            {
                failed.Add(new FailedMessage(fault.MessageId, parked ? JournalParkingQueue : JournalQueue, fault.MessageType, fault.WorkflowId, fault.Step, fault.ExceptionType, state.FaultReason, fault.SentAt));
            }
        }

        return failed;
    }

    private async Task RetryWorkflowAsync(Guid workflowId, string requestedBy, CancellationToken cancellationToken)
    {
        if ((await workflows.GetAsync(workflowId, cancellationToken))?.CurrentState == nameof(ClinicalNoteWorkflow.Faulted))
        {
            await publisher.Publish(new RetryClinicalNoteWorkflow(workflowId, requestedBy), cancellationToken);
        }
    }

    private FailedMessagesResult Result(FailedMessagesRequest request, IReadOnlyList<FailedMessage> done, string action, string requestedBy)
    {
        var ids = done.Select(f => f.MessageId).ToList();
        LogAction(action, ids.Count, requestedBy);
        return new FailedMessagesResult(ids, [.. (request.MessageIds ?? []).Except(ids)]);
    }

    /// <summary>A faulted step command: in a step's error queue, or parked from it (a parked copy keeps its fault headers).</summary>
    private static bool IsStepQueue(FailedMessage message) =>
        message.Step is KnownJournalSteps.Deidentify or KnownJournalSteps.Draft or KnownJournalSteps.WriteBack
        && (message.Queue.EndsWith(KnownFailedQueues.ErrorSuffix, StringComparison.Ordinal)
            || (message.Queue.EndsWith(KnownFailedQueues.ParkingSuffix, StringComparison.Ordinal) && message.Reason is not null));

    private static bool Selected(FailedMessagesRequest request, FailedMessage message) =>
        request.All
        || (request.MessageIds is { Count: > 0 } ids && ids.Contains(message.MessageId))
        || (request.MessageType is { } type && Matches(message, type));

    /// <summary>A kind matches the message type as listed, or the command a fault is of (<c>WriteBackClinicalNote</c> matches <c>Fault&lt;WriteBackClinicalNote&gt;</c>).</summary>
    private static bool Matches(FailedMessage message, string type) =>
        string.Equals(message.MessageType, type, StringComparison.Ordinal)
        || string.Equals(message.MessageType, $"Fault<{type}>", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Failed messages {Action}: {Count}, requested by {RequestedBy}")]
    private partial void LogAction(string action, int count, string requestedBy);
}
