using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using MassTransit;

namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>
/// Failed step commands as the journal recorded their faults (<c>Fault&lt;T&gt;</c>), for every transport: MassTransit's
/// in-memory transport keeps no browsable error queue. A retry sends the saga a <see cref="RetryClinicalNoteWorkflow"/>,
/// which re-sends the step command from the workflow's state.
/// </summary>
public sealed class FailedMessageService(MessageJournal journal, IClinicalNoteWorkflowQueries workflows, IPublishEndpoint publisher)
{
    private const int Limit = 5_000;

    /// <summary>Faults of workflows that are still Faulted, newest first; one per workflow (its latest fault).</summary>
    public async Task<IReadOnlyList<FailedMessage>> ListAsync(string? messageType = null, CancellationToken cancellationToken = default)
    {
        var faults = await journal.QueryAsync(new JournalQuery(Outcome: KnownJournalOutcomes.Faulted, MessageType: messageType, Limit: Limit), cancellationToken);
        var failed = new List<FailedMessage>();
        foreach (var fault in faults.Where(f => f.MessageType.StartsWith("Fault<", StringComparison.Ordinal)).GroupBy(f => f.WorkflowId).Select(g => g.MaxBy(f => f.SentAt)!))
        {
            var state = await workflows.GetAsync(fault.WorkflowId, cancellationToken);
            if (state?.CurrentState == nameof(ClinicalNoteWorkflow.Faulted) && state.FaultStep == fault.Step)
            {
                failed.Add(new FailedMessage(fault.MessageId, fault.WorkflowId, fault.MessageType, fault.Step, fault.ExceptionType, state.FaultReason, fault.SentAt));
            }
        }

        return [.. failed.OrderByDescending(f => f.FaultedAt)];
    }

    public async Task<RetryFailedResult> RetryAsync(RetryFailedRequest request, CancellationToken cancellationToken = default)
    {
        var failed = await ListAsync(request.MessageType, cancellationToken);
        var selected = request.MessageIds is { Count: > 0 } ids
            ? failed.Where(f => ids.Contains(f.MessageId)).ToList()
            : failed;
        foreach (var message in selected)
        {
            await publisher.Publish(new RetryClinicalNoteWorkflow(message.WorkflowId, request.RequestedBy), cancellationToken);
        }

        var notFound = request.MessageIds?.Except(selected.Select(s => s.MessageId)).ToList() ?? [];
        return new RetryFailedResult([.. selected.Select(s => s.WorkflowId)], notFound);
    }
}
