using Dapper;
using HealthMesh.Orchestrator.Persistence;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Orchestrator.Workflows.ClinicalNote;

public sealed class ClinicalNoteWorkflowQueries(Database database, ClinicalNoteWorkflowStateMap map) : IClinicalNoteWorkflowQueries
{
    public Task<IReadOnlyList<ClinicalNoteWorkflowState>> GetReviewQueueAsync(int limit, CancellationToken cancellationToken = default) =>
        QueryAsync("SelectReviewQueue", new { Limit = limit }, cancellationToken);

    public Task<IReadOnlyList<ClinicalNoteWorkflowState>> GetFaultedAsync(int limit, CancellationToken cancellationToken = default) =>
        QueryAsync("SelectFaultedWorkflows", new { Limit = limit }, cancellationToken);

    public async Task<ClinicalNoteWorkflowState?> GetAsync(Guid workflowId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("LoadClinicalNoteWorkflow", new { CorrelationId = workflowId.ToString() }, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyDictionary<Guid, ClinicalNoteWorkflowState>> GetManyAsync(IReadOnlyCollection<Guid> workflowIds, CancellationToken cancellationToken = default) =>
        workflowIds.Count == 0
            ? new Dictionary<Guid, ClinicalNoteWorkflowState>()
            : (await QueryAsync("SelectClinicalNoteWorkflows", new { CorrelationIds = workflowIds.Select(id => id.ToString()).ToArray() }, cancellationToken))
                .ToDictionary(s => s.CorrelationId);

    public async Task<IReadOnlyDictionary<string, int>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            Script("CountWorkflowsByState"), cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.State, r => (int)r.Count, StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<ClinicalNoteWorkflowState>> GetOverdueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync("SelectOverdueReviews", new { Now = SqlTime.Format(now), Limit = limit }, cancellationToken);

    public Task<IReadOnlyList<ClinicalNoteWorkflowState>> GetActiveForResourceAsync(string resourceKey, CancellationToken cancellationToken = default) =>
        QueryAsync("SelectActiveWorkflowsForResource", new { ResourceKey = resourceKey }, cancellationToken);

    private async Task<IReadOnlyList<ClinicalNoteWorkflowState>> QueryAsync(string script, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(Script(script), parameters, cancellationToken: cancellationToken));
        return rows.Select(map.Read).ToList();
    }

    private string Script(string name) => SqlScripts.Get(typeof(ClinicalNoteWorkflowQueries).Assembly, name, database.Provider);
}
