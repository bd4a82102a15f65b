using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Orchestrator.Operations.Replay;

/// <summary>
/// Replays journaled workflows. Every replayed message is new (new message id) and carries the id of the journaled
/// message it replays and the batch (<see cref="KnownReplayHeaders"/>), so it is journaled as a replay and no duplicate
/// check mistakes it for the original. Steps after intake go to the saga as <see cref="ReplayClinicalNoteWorkflow"/>,
/// which it accepts in finished states too; idempotent write-back still keeps one note per workflow in the chart.
/// </summary>
public sealed partial class ReplayService(
    MessageJournal journal,
    IClinicalNoteWorkflowQueries workflows,
    IPublishEndpoint publisher,
    TimeProvider clock,
    ILogger<ReplayService> logger)
{
    public const double DefaultRatePerSecond = 50;
    public const double MaxRatePerSecond = 5_000;
    public const int MaxMessages = 10_000;

    /// <summary>Workflows planned together: one read of their saga rows and one of their journaled bodies.</summary>
    public const int PageSize = 250;

    /// <summary>Most messages published together, each awaiting its broker confirm concurrently.</summary>
    public const int MaxPublishBatch = 100;

    private static readonly string ReceivedType = nameof(ClinicalEventReceived);

    /// <exception cref="ReplayValidationException">The request is incomplete or contradictory.</exception>
    /// <param name="requestedBy">The operator asking (the signed-in subject), recorded with every replayed message.</param>
    public async Task<ReplayResult> ReplayAsync(ReplayRequest request, string requestedBy, IProgress<ReplayItem>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(request, requestedBy);
        var batchId = request.BatchId ?? NewId.NextGuid();
        var entries = await journal.QueryAsync(
            new JournalQuery(request.From, request.To, request.SourceSystem, request.ResourceType, request.WorkflowIds,
                request.MessageType, request.Outcome, request.Step, MaxMessages + 1),
            cancellationToken);
        if (entries.Count > MaxMessages)
        {
            throw new ReplayValidationException($"The filters match more than {MaxMessages} journaled messages; narrow the time range or add filters.");
        }

        var selected = entries.GroupBy(e => e.WorkflowId).Select(g => g.MaxBy(e => e.SentAt)!).ToList();
        var rate = request.RatePerSecond ?? DefaultRatePerSecond;
        var interval = TimeSpan.FromSeconds(1 / rate);
        // A batch is a tenth of a second's allowance, so the rate holds over any second while confirms overlap.
        var batchSize = (int)Math.Clamp(rate / 10, 1, MaxPublishBatch);
        var nextSend = clock.GetUtcNow();
        var items = new List<ReplayItem>(selected.Count);
        foreach (var page in selected.Chunk(PageSize))
        {
            var plans = await PlanPageAsync(request, requestedBy, batchId, page, cancellationToken);
            foreach (var batch in plans.Chunk(batchSize))
            {
                var toSend = request.DryRun ? [] : batch.Where(p => p.Message is not null).ToList();
                if (toSend.Count > 0)
                {
                    var wait = nextSend - clock.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, clock, cancellationToken);
                    }

                    nextSend = clock.GetUtcNow() + (interval * toSend.Count);
                    await Task.WhenAll(toSend.Select(p => PublishAsync(p.Message!, p.Item.ReplayOf, batchId, cancellationToken)));
                }

                foreach (var plan in batch)
                {
                    var item = plan.Item with { Sent = plan.Message is not null && !request.DryRun };
                    items.Add(item);
                    progress?.Report(item);
                }
            }
        }

        var sent = items.Count(i => i.Sent);
        var skipped = items.Count(i => i.SkipReason is not null);
        if (!request.DryRun)
        {
            LogReplayed(batchId, request.FromStep, sent, skipped, requestedBy);
        }

        return new ReplayResult(batchId, request.DryRun, request.FromStep, entries.Count, sent, skipped, items);
    }

    private Task PublishAsync(object message, Guid replayOf, Guid batchId, CancellationToken cancellationToken) =>
        publisher.Publish(message, message.GetType(), context =>
        {
            context.Headers.Set(KnownReplayHeaders.ReplayOf, replayOf.ToString());
            context.Headers.Set(KnownReplayHeaders.ReplayBatch, batchId.ToString());
        }, cancellationToken);

    private async Task<IReadOnlyList<(ReplayItem Item, object? Message)>> PlanPageAsync(
        ReplayRequest request, string requestedBy, Guid batchId, IReadOnlyList<JournalEntry> page, CancellationToken cancellationToken)
    {
        var states = await workflows.GetManyAsync(page.Select(e => e.WorkflowId).ToList(), cancellationToken);
        var lost = request.FromStep == KnownReplaySteps.Intake
            ? page.Select(e => e.WorkflowId).Where(id => !states.ContainsKey(id)).ToList()
            : [];
        var received = await journal.LatestWithBodiesAsync<ClinicalEventReceived>(lost, ReceivedType, cancellationToken);
        return page.Select(e => Plan(request, requestedBy, batchId, e, states.GetValueOrDefault(e.WorkflowId), received)).ToList();
    }

    private static (ReplayItem Item, object? Message) Plan(
        ReplayRequest request,
        string requestedBy,
        Guid batchId,
        JournalEntry selectedBy,
        ClinicalNoteWorkflowState? state,
        IReadOnlyDictionary<Guid, (JournalEntry Entry, ClinicalEventReceived Body)> received)
    {
        var workflowId = selectedBy.WorkflowId;
        var item = new ReplayItem(workflowId, selectedBy.MessageId, selectedBy.MessageType, request.FromStep, null, state?.CurrentState, null, false);

        if (request.FromStep == KnownReplaySteps.Intake && state is null)
        {
            return received.TryGetValue(workflowId, out var journaled)
                ? (item with { MessageType = ReceivedType }, journaled.Body)
                : (item with { SkipReason = "The journal holds no ClinicalEventReceived for this workflow (purged by retention?)." }, null);
        }

        if (state is null)
        {
            return (item with { SkipReason = "The Orchestrator has no workflow with this id; replay it from intake." }, null);
        }

        // An existing workflow restarts from de-identification when replayed from intake: the saga would drop a second
        // ClinicalEventReceived, and Intake's stored context is what a re-run of intake would produce.
        var step = request.FromStep == KnownReplaySteps.Intake ? KnownReplaySteps.Deidentify : request.FromStep;
        var replay = new ReplayClinicalNoteWorkflow(workflowId, step, batchId, selectedBy.MessageId, requestedBy, request.SupersedeReviewed);
        if (!ClinicalNoteWorkflow.CanReplay(state, replay, state.CurrentState))
        {
            return (item with { SkipReason = SkipReason(step, state.CurrentState, ClinicalNoteWorkflow.IsReviewed(state, state.CurrentState)) }, null);
        }

        return (item with { MessageType = $"{nameof(ReplayClinicalNoteWorkflow)}({step})" }, replay);
    }

    private static string SkipReason(string step, string state, bool reviewed) => (step, state) switch
    {
        (_, nameof(ClinicalNoteWorkflow.Superseded)) => "The workflow was superseded by a newer version of its resource.",
        (_, nameof(ClinicalNoteWorkflow.ConsentDenied) or nameof(ClinicalNoteWorkflow.ConsentWithdrawn)) => $"The patient's consent stopped the workflow ({state}); it is not replayed.",
        (KnownReplaySteps.Draft, _) when reviewed => $"The draft was already reviewed ({state}); pass supersedeReviewed to redraft it.",
        (KnownReplaySteps.Draft, _) => "The workflow has no de-identified context yet; replay it from deidentify.",
        (KnownReplaySteps.WriteBack, _) => $"The workflow has no approved note to write back ({state}).",
        _ => $"Step {step} cannot be replayed in state {state}.",
    };

    private static void Validate(ReplayRequest request, string requestedBy)
    {
        if (!KnownReplaySteps.All.Contains(request.FromStep))
        {
            throw new ReplayValidationException($"'fromStep' must be one of {string.Join(", ", KnownReplaySteps.All)}; got '{request.FromStep}'.");
        }

        if (string.IsNullOrWhiteSpace(requestedBy))
        {
            throw new ReplayValidationException("A replay is recorded with the operator who asked; none was given.");
        }

        if (request is { From: null, To: null } && request.WorkflowIds is not { Count: > 0 })
        {
            throw new ReplayValidationException("Give a time range ('from' and/or 'to') or 'workflowIds': a replay never takes the whole journal by default.");
        }

        if (request is { From: { } from, To: { } to } && from >= to)
        {
            throw new ReplayValidationException($"'from' ({from:O}) must be before 'to' ({to:O}).");
        }

        if (request.RatePerSecond is { } rate && (rate <= 0 || rate > MaxRatePerSecond || double.IsNaN(rate)))
        {
            throw new ReplayValidationException($"'ratePerSecond' must be above 0 and at most {MaxRatePerSecond}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay batch {ReplayBatchId} from step {Step}: {Sent} sent, {Skipped} skipped, requested by {RequestedBy}")]
    private partial void LogReplayed(Guid replayBatchId, string step, int sent, int skipped, string requestedBy);
}
