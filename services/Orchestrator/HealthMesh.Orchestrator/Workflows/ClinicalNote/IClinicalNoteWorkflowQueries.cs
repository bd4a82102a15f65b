namespace HealthMesh.Orchestrator.Workflows.ClinicalNote;

/// <summary>Read-only views over the saga table for the review API, the deadline monitor and the <c>status</c> command.</summary>
public interface IClinicalNoteWorkflowQueries
{
    /// <summary>Workflows awaiting review, critical first, then oldest first.</summary>
    Task<IReadOnlyList<ClinicalNoteWorkflowState>> GetReviewQueueAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Faulted workflows (a step refused or failed past its retries), most recent first.</summary>
    Task<IReadOnlyList<ClinicalNoteWorkflowState>> GetFaultedAsync(int limit, CancellationToken cancellationToken = default);

    Task<ClinicalNoteWorkflowState?> GetAsync(Guid workflowId, CancellationToken cancellationToken = default);

    /// <summary>Several workflows in one read, by id; ids without a workflow are absent.</summary>
    Task<IReadOnlyDictionary<Guid, ClinicalNoteWorkflowState>> GetManyAsync(IReadOnlyCollection<Guid> workflowIds, CancellationToken cancellationToken = default);

    /// <summary>Number of workflows per state name.</summary>
    Task<IReadOnlyDictionary<string, int>> CountByStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Workflows awaiting review whose deadline is at or before <paramref name="now"/> and not yet escalated.</summary>
    Task<IReadOnlyList<ClinicalNoteWorkflowState>> GetOverdueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Workflows of one source resource (<see cref="ClinicalNoteWorkflowState.ResourceKey"/>) not in a final state.</summary>
    Task<IReadOnlyList<ClinicalNoteWorkflowState>> GetActiveForResourceAsync(string resourceKey, CancellationToken cancellationToken = default);
}
