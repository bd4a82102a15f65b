using System.Numerics;
using HealthMesh.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Orchestrator.Workflows.ClinicalNote;

/// <summary>
/// A new version of a source resource makes notes for older versions moot. On a new workflow this looks up the
/// other unfinished workflows of the same resource: older ones are told they are superseded; if one is newer,
/// this workflow records it and the machine moves straight to Superseded without drafting anything.
/// </summary>
public sealed partial class SupersedeOlderWorkflowsActivity(IClinicalNoteWorkflowQueries queries, ILogger<SupersedeOlderWorkflowsActivity> logger)
    : IStateMachineActivity<ClinicalNoteWorkflowState, ClinicalEventReceived>
{
    public void Probe(ProbeContext context) => context.CreateScope("supersede-older-workflows");

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);

    public async Task Execute(BehaviorContext<ClinicalNoteWorkflowState, ClinicalEventReceived> context, IBehavior<ClinicalNoteWorkflowState, ClinicalEventReceived> next)
    {
        var current = context.Saga;
        var others = await queries.GetActiveForResourceAsync(current.ResourceKey, context.CancellationToken);
        foreach (var other in others.Where(o => o.CorrelationId != current.CorrelationId))
        {
            if (IsOlder(other, current))
            {
                LogSupersedes(current.CorrelationId, other.CorrelationId);
                await context.Publish(new ClinicalNoteSuperseded(other.CorrelationId, current.CorrelationId));
            }
            else if (current.SupersededByWorkflowId is null || IsOlder(Find(others, current.SupersededByWorkflowId.Value), other))
            {
                LogSupersededOnArrival(current.CorrelationId, other.CorrelationId);
                current.SupersededByWorkflowId = other.CorrelationId;
            }
        }

        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<ClinicalNoteWorkflowState, ClinicalEventReceived, TException> context, IBehavior<ClinicalNoteWorkflowState, ClinicalEventReceived> next)
        where TException : Exception =>
        next.Faulted(context);

    /// <summary>Older by the source's lastUpdated when both have one, then by numeric version id, then by version text.</summary>
    public static bool IsOlder(ClinicalNoteWorkflowState candidate, ClinicalNoteWorkflowState than)
    {
        if (candidate.ResourceLastUpdated is { } a && than.ResourceLastUpdated is { } b && a != b)
        {
            return a < b;
        }

        if (BigInteger.TryParse(candidate.ResourceVersion, out var va) && BigInteger.TryParse(than.ResourceVersion, out var vb) && va != vb)
        {
            return va < vb;
        }

        return string.CompareOrdinal(candidate.ResourceVersion, than.ResourceVersion) < 0;
    }

    private static ClinicalNoteWorkflowState Find(IEnumerable<ClinicalNoteWorkflowState> workflows, Guid id) =>
        workflows.First(w => w.CorrelationId == id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} supersedes older workflow {OlderWorkflowId}")]
    private partial void LogSupersedes(Guid workflowId, Guid olderWorkflowId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} arrived after newer workflow {NewerWorkflowId} and is superseded")]
    private partial void LogSupersededOnArrival(Guid workflowId, Guid newerWorkflowId);
}
