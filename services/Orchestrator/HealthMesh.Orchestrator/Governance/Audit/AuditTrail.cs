using System.Data;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Globalization;
using Dapper;
using HealthMesh.Orchestrator.Persistence;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>
/// The append-only, hash-chained audit trail (<c>audit_trail</c>, migration 0006). Appends are serialized: PostgreSQL
/// takes a transaction-scoped advisory lock, SQLite an immediate (write) transaction, so the head read and the insert
/// of the next link are one step and concurrent appenders, in one process or many, never fork the chain. The
/// sequence primary key is the backstop: a second link with the same number is refused, not stored.
/// </summary>
public sealed class AuditTrail(Database database, TimeProvider clock)
{
    public const int MaxQueryRecords = 10_000;

    // Distinct from the schema migrator's advisory lock key.
    private const long AppendLockKey = 0x4845_414C_5441_5544; // "HEALTAUD"

    private static readonly Counter<long> Appended = HealthMeshTelemetry.Meter.CreateCounter<long>(
        "healthmesh.audit.appended", "{record}", "Records appended to the audit trail, by action and outcome.");

    /// <summary>Appends one record; null when its <see cref="AuditEntry.SourceKey"/> was already appended (a redelivery).</summary>
    public async Task<AuditRecord?> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await BeginAppendAsync(connection, cancellationToken);

        if (entry.SourceKey is not null && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Script("SelectAuditSourceKey"), new { entry.SourceKey }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            return null;
        }

        var head = await connection.QuerySingleOrDefaultAsync<Head>(new CommandDefinition(
            Script("SelectAuditTrailHead"), transaction: transaction, cancellationToken: cancellationToken));
        var unhashed = new AuditRecord(
            (head?.Sequence ?? 0) + 1, clock.GetUtcNow(), entry.WorkflowId, entry.Action, entry.Outcome, entry.AgentType,
            entry.Agent, entry.AgentSubject, entry.Detail, entry.SourceKey, head?.Hash ?? AuditChain.Genesis, "");
        var record = unhashed with { Hash = AuditChain.Hash(unhashed) };

        await connection.ExecuteAsync(new CommandDefinition(
            Script("InsertAuditRecord"),
            new
            {
                record.Sequence,
                RecordedAt = SqlTime.Format(record.RecordedAt),
                WorkflowId = record.WorkflowId.ToString(),
                record.Action,
                record.Outcome,
                record.AgentType,
                record.Agent,
                record.AgentSubject,
                Detail = AuditChain.SerializeDetail(record.Detail),
                record.SourceKey,
                record.PreviousHash,
                record.Hash,
            },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        Appended.Add(1, new("action", record.Action), new("outcome", record.Outcome));
        return record;
    }

    /// <summary>Records of one workflow (or all) recorded in [<paramref name="from"/>, <paramref name="to"/>), in chain order.</summary>
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(
        Guid? workflowId = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = MaxQueryRecords,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            Script("SelectAuditRecords"),
            new
            {
                WorkflowId = workflowId?.ToString(),
                From = from is { } f ? SqlTime.Format(f) : null,
                To = to is { } t ? SqlTime.Format(t) : null,
                Limit = Math.Clamp(limit, 1, MaxQueryRecords),
            },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Walks the whole chain in sequence order and stops at the first record that is missing (a gap in the sequence),
    /// does not link to the one before, or whose content no longer matches its hash.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var expected = 1L;
        var previousHash = AuditChain.Genesis;
        await foreach (var row in connection.QueryUnbufferedAsync<Row>(Script("SelectAuditChain")).WithCancellation(cancellationToken))
        {
            var problem = Check(row, expected, previousHash);
            if (problem is not null)
            {
                return new AuditVerification(false, expected - 1, expected, problem, null, null, clock.GetUtcNow());
            }

            previousHash = row.Hash;
            expected++;
        }

        return new AuditVerification(true, expected - 1, null, null, expected > 1 ? expected - 1 : null, expected > 1 ? previousHash : null, clock.GetUtcNow());
    }

    private static string? Check(Row row, long expected, string previousHash)
    {
        if (row.Sequence != expected)
        {
            return row.Sequence > expected
                ? $"Record {expected} is missing: the chain goes from {expected - 1} to {row.Sequence}."
                : $"Record {row.Sequence} appears out of order after {expected - 1}.";
        }

        if (!string.Equals(row.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return $"Record {row.Sequence} does not link to record {expected - 1}: its previous hash is not that record's hash.";
        }

        AuditRecord record;
        try
        {
            record = row.ToRecord();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            return $"Record {row.Sequence} cannot be read ({ex.GetType().Name}): it was changed outside HealthMesh.";
        }

        return string.Equals(AuditChain.Hash(record), row.Hash, StringComparison.Ordinal)
            ? null
            : $"Record {row.Sequence} was changed: its content no longer matches its hash.";
    }

    private async Task<DbTransaction> BeginAppendAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(@Key)", new { Key = AppendLockKey }, transaction, cancellationToken: cancellationToken));
            return transaction;
        }

        // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for deferred: the write lock is taken before the head is read.
        return await connection.BeginTransactionAsync(cancellationToken);
    }

    private string Script(string name) => SqlScripts.Get(typeof(AuditTrail).Assembly, name, database.Provider);

    private sealed record Head(long Sequence, string Hash);

    private sealed record Row(
        long Sequence, string RecordedAt, string WorkflowId, string Action, string Outcome, string AgentType, string Agent,
        string? AgentSubject, string Detail, string? SourceKey, string PreviousHash, string Hash)
    {
        public AuditRecord ToRecord() => new(
            Sequence, DateTimeOffset.Parse(RecordedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Guid.Parse(WorkflowId), Action, Outcome, AgentType, Agent, AgentSubject, AuditChain.DeserializeDetail(Detail),
            SourceKey, PreviousHash, Hash);
    }
}
