using System.Globalization;
using Dapper;
using HealthMesh.Orchestrator.Operations.FailedMessages;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Operations.Status;

public sealed class OperationsStatusService(
    IClinicalNoteWorkflowQueries workflows,
    MessageJournal journal,
    RabbitMqFailedQueues rabbitMq,
    IOptions<TransportOptions> transport,
    Database database,
    TimeProvider clock)
{
    public static readonly TimeSpan FaultWindow = TimeSpan.FromHours(24);

    public async Task<OperationsStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var byState = await workflows.CountByStateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var oldest = await connection.QueryAsync<(string State, string WorkflowId, string EnteredAt)>(new CommandDefinition(
            SqlScripts.Get(typeof(OperationsStatusService).Assembly, "SelectOldestWorkflowsByState", database.Provider),
            cancellationToken: cancellationToken));
        var faults = await journal.CountFaultsAsync(now - FaultWindow, cancellationToken);
        return new OperationsStatus(
            byState,
            oldest.DistinctBy(o => o.State)
                .Select(o => (o.State, o.WorkflowId, EnteredAt: DateTimeOffset.Parse(o.EnteredAt, CultureInfo.InvariantCulture)))
                .Select(o => new OldestWorkflow(o.State, Guid.Parse(o.WorkflowId), o.EnteredAt, now - o.EnteredAt))
                .OrderBy(o => o.State, StringComparer.Ordinal)
                .ToList(),
            now - FaultWindow,
            faults,
            transport.Value.Kind.ToString(),
            rabbitMq.Enabled ? await rabbitMq.DepthsAsync(cancellationToken) : [],
            now);
    }
}
