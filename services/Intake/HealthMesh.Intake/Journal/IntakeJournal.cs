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

    /// <summary>
    /// Records a delivery as pending and claims it for <paramref name="lease"/>; returns the entry id, or null when the
    /// event number is already settled or claimed by a delivery still within its lease. The insert and the take-over are
    /// single statements, so of two identical notifications arriving together exactly one gets the entry.
    /// </summary>
    public async Task<Guid?> ClaimAsync(NotificationSource source, string resourceType, string resourceId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var entryId = Guid.NewGuid();
        var now = clock.GetUtcNow();
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
                ReceivedAt = Format(now),
                ClaimedUntil = Format(now + lease),
            },
            cancellationToken));
        if (inserted == 1 || source.EventNumber is null)
        {
            return entryId;
        }

        // Redelivered: take the entry over if it was rejected before, or left pending by a delivery that failed or died.
        var existing = await connection.QuerySingleOrDefaultAsync<string>(Command(
            "ClaimIntakeEntry",
            new
            {
                source.SubscriptionId,
                source.EventNumber,
                Pending = nameof(IntakeEntryState.Pending),
                Rejected = nameof(IntakeEntryState.Rejected),
                Now = Format(now),
                ClaimedUntil = Format(now + lease),
            },
            cancellationToken));
        return existing is null ? null : Guid.ParseExact(existing, "N");
    }

    /// <summary>Lets a redelivery take over a pending entry at once (this delivery failed and the EHR is told to retry).</summary>
    public async Task ReleaseAsync(Guid entryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "ReleaseIntakeEntry",
            new { EntryId = entryId.ToString("N"), Pending = nameof(IntakeEntryState.Pending), Now = Now() },
            cancellationToken));
    }

    /// <summary>
    /// Claims the right to publish one resource version's workflow for <paramref name="lease"/>: de-duplication by
    /// resource + version that holds when different event numbers (or the classic form) carry it at the same moment.
    /// </summary>
    public async Task<WorkflowClaim> ClaimWorkflowAsync(Guid workflowId, Guid entryId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var parameters = new
        {
            WorkflowId = workflowId.ToString("N"),
            EntryId = entryId.ToString("N"),
            Claimed = nameof(WorkflowClaim.Claimed),
            Now = Format(now),
            ClaimedUntil = Format(now + lease),
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteAsync(Command("InsertWorkflowClaim", parameters, cancellationToken)) == 1
            || await connection.ExecuteAsync(Command("TakeOverWorkflowClaim", parameters, cancellationToken)) == 1)
        {
            return WorkflowClaim.Claimed;
        }

        var outcome = await connection.QuerySingleOrDefaultAsync<string>(Command("SelectWorkflowClaim", parameters, cancellationToken));
        return outcome == nameof(WorkflowClaim.Published) ? WorkflowClaim.Published : WorkflowClaim.Held;
    }

    /// <summary>Settles the entry as published and the workflow claim with it, in one transaction.</summary>
    public async Task CompletePublishedAsync(Guid entryId, string resourceVersion, Guid workflowId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "PublishWorkflowClaim",
            new { WorkflowId = workflowId.ToString("N"), Published = nameof(WorkflowClaim.Published) },
            cancellationToken,
            transaction));
        await connection.ExecuteAsync(Command(
            "CompleteIntakeEntry",
            new
            {
                EntryId = entryId.ToString("N"),
                ResourceVersion = resourceVersion,
                WorkflowId = workflowId.ToString("N"),
                Outcome = nameof(IntakeEntryState.Published),
                Reason = (string?)null,
                UpdatedAt = Now(),
            },
            cancellationToken,
            transaction));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Gives up this delivery's workflow claim after a failure, so a redelivery can publish at once.</summary>
    public async Task ReleaseWorkflowAsync(Guid workflowId, Guid entryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "ReleaseWorkflowClaim",
            new { WorkflowId = workflowId.ToString("N"), EntryId = entryId.ToString("N"), Claimed = nameof(WorkflowClaim.Claimed) },
            cancellationToken));
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

    private CommandDefinition Command(string script, object parameters, CancellationToken cancellationToken, System.Data.Common.DbTransaction? transaction = null) =>
        new(SqlScripts.Get(Scripts, script, database.Provider), parameters, transaction, cancellationToken: cancellationToken);

    private string Now() => Format(clock.GetUtcNow());

    /// <summary>UTC round-trip text: stored timestamps compare correctly as strings (lease expiry is a string comparison).</summary>
    private static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record EntryRow(string EntryId, string Outcome, string? WorkflowId, string? Reason)
    {
        public IntakeJournalEntry ToEntry() => new(
            Guid.ParseExact(EntryId, "N"),
            Enum.Parse<IntakeEntryState>(Outcome),
            WorkflowId is null ? null : Guid.ParseExact(WorkflowId, "N"),
            Reason);
    }
}
