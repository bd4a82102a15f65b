using Dapper;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Intake.Journal;

/// <summary>
/// Durable record of every event delivered to Intake (ids only, never PHI). An entry is written before the event is
/// acknowledged and de-duplicates redeliveries by (subscription, event number) and, through the workflow id, by
/// (resource, version).
/// </summary>
public sealed class IntakeJournal(Database database, TimeProvider clock)
{
    private static readonly System.Reflection.Assembly Scripts = typeof(IntakeJournal).Assembly;

    public async Task<IntakeJournalEntry?> FindByEventAsync(string subscriptionId, string eventNumber, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<EntryRow>(Command(
            "FindIntakeEntryByEvent",
            new { SubscriptionId = subscriptionId, EventNumber = eventNumber },
            cancellationToken));
        return row?.ToEntry();
    }

    /// <summary>Records a delivery as pending and returns its entry id; a redelivered event number returns the existing entry's id.</summary>
    public async Task<Guid> StartAsync(NotificationSource source, string resourceType, string resourceId, CancellationToken cancellationToken)
    {
        var entryId = Guid.NewGuid();
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(Command(
            "InsertIntakeEntry",
            new
            {
                EntryId = entryId.ToString("N"),
                source.SubscriptionId,
                source.EventNumber,
                ResourceType = resourceType,
                ResourceId = resourceId,
                Outcome = nameof(IntakeEntryState.Pending),
                ReceivedAt = Now(),
            },
            cancellationToken));
        if (inserted == 1 || source.EventNumber is null)
        {
            return entryId;
        }

        // A concurrent delivery of the same event number recorded it first: continue on that entry.
        var existing = await connection.QuerySingleAsync<EntryRow>(Command(
            "FindIntakeEntryByEvent",
            new { source.SubscriptionId, source.EventNumber },
            cancellationToken));
        return Guid.ParseExact(existing.EntryId, "N");
    }

    public async Task<bool> IsPublishedAsync(Guid workflowId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var count = await connection.ExecuteScalarAsync<long>(Command(
            "CountPublishedIntakeEntries",
            new { WorkflowId = workflowId.ToString("N"), Outcome = nameof(IntakeEntryState.Published) },
            cancellationToken));
        return count > 0;
    }

    public async Task CompleteAsync(Guid entryId, IntakeEntryState state, string? resourceVersion, Guid? workflowId, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "CompleteIntakeEntry",
            new
            {
                EntryId = entryId.ToString("N"),
                ResourceVersion = resourceVersion,
                WorkflowId = workflowId?.ToString("N"),
                Outcome = state.ToString(),
                Reason = reason,
                UpdatedAt = Now(),
            },
            cancellationToken));
    }

    private CommandDefinition Command(string script, object parameters, CancellationToken cancellationToken) =>
        new(SqlScripts.Get(Scripts, script, database.Provider), parameters, cancellationToken: cancellationToken);

    private string Now() => clock.GetUtcNow().ToString("O");

    private sealed record EntryRow(string EntryId, string Outcome, string? WorkflowId, string? Reason)
    {
        public IntakeJournalEntry ToEntry() => new(
            Guid.ParseExact(EntryId, "N"),
            Enum.Parse<IntakeEntryState>(Outcome),
            WorkflowId is null ? null : Guid.ParseExact(WorkflowId, "N"),
            Reason);
    }
}
