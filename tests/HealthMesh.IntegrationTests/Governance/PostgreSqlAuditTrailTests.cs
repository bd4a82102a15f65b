using Dapper;
using HealthMesh.IntegrationTests.Orchestrator;
using HealthMesh.Orchestrator;
using HealthMesh.Orchestrator.Governance.Audit;
using HealthMesh.ServiceDefaults.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HealthMesh.IntegrationTests.Governance;

/// <summary>
/// The audit trail on a real PostgreSQL: appenders with their own connection pools (as separate Orchestrator replicas
/// have) append at once and still extend one unbroken chain; the table refuses changes; tampering past the guard is
/// reported at the first broken record.
/// </summary>
public sealed class PostgreSqlAuditTrailTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>, IAsyncLifetime
{
    private readonly List<Database> databases = [];

    public async Task InitializeAsync() =>
        await new DatabaseMigrator(NewDatabase(), [new SchemaMigrations(OrchestratorExtensions.SchemaComponent, typeof(OrchestratorExtensions).Assembly)], NullLogger<DatabaseMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        foreach (var db in databases)
        {
            await db.DisposeAsync();
        }
    }

    [Fact]
    public async Task Parallel_appenders_on_separate_pools_never_fork_the_chain_and_a_redelivery_appends_once()
    {
        await ResetAsync();
        var appenders = Enumerable.Range(0, 8).Select(_ => new AuditTrail(NewDatabase(), TimeProvider.System)).ToList();
        var workflowId = Guid.NewGuid();

        // Every appender also offers the same 10 keyed messages, as redeliveries to competing consumers would.
        var appended = await Task.WhenAll(appenders.Select((trail, worker) => Task.Run(async () =>
        {
            var count = 0;
            for (var i = 0; i < 25; i++)
            {
                count += await trail.AppendAsync(Entry(workflowId, $"w{worker}-{i}")) is null ? 0 : 1;
                if (i < 10)
                {
                    count += await trail.AppendAsync(Entry(workflowId, $"shared-{i}")) is null ? 0 : 1;
                }
            }

            return count;
        })));

        Assert.Equal(8 * 25 + 10, appended.Sum());
        var verification = await appenders[0].VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(210, verification.Records);
        var records = await appenders[0].QueryAsync(workflowId);
        Assert.Equal(Enumerable.Range(1, 210).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(210, records.Select(r => r.PreviousHash).Distinct().Count());
    }

    [Fact]
    public async Task The_table_refuses_changes_and_tampering_past_the_guard_is_reported_where_it_starts()
    {
        await ResetAsync();
        var db = NewDatabase();
        var trail = new AuditTrail(db, TimeProvider.System);
        for (var i = 0; i < 8; i++)
        {
            await trail.AppendAsync(Entry(Guid.NewGuid(), null));
        }

        await using var connection = (NpgsqlConnection)await db.OpenAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("UPDATE audit_trail SET action = 'viewed' WHERE sequence = 7"));
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("DELETE FROM audit_trail WHERE sequence = 3"));
        await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("TRUNCATE audit_trail"));
        Assert.True((await trail.VerifyAsync()).Intact);

        // The table's owner can switch the guard off; the chain still tells.
        await connection.ExecuteAsync("ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_append_only");
        Assert.Equal(1, await connection.ExecuteAsync("UPDATE audit_trail SET action = 'approved' WHERE sequence = 7"));
        var changed = await trail.VerifyAsync();
        Assert.Equal((false, 7L, 6L), (changed.Intact, changed.FirstBrokenSequence, changed.Records));
        Assert.Contains("Record 7 was changed", changed.Problem, StringComparison.Ordinal);

        Assert.Equal(1, await connection.ExecuteAsync("DELETE FROM audit_trail WHERE sequence = 3"));
        var deleted = await trail.VerifyAsync();
        Assert.Equal((false, 3L), (deleted.Intact, deleted.FirstBrokenSequence));
        Assert.Contains("Record 3 is missing", deleted.Problem, StringComparison.Ordinal);
    }

    private static AuditEntry Entry(Guid workflowId, string? sourceKey) => new(
        workflowId, KnownAuditActions.Viewed, KnownAuditOutcomes.Success, KnownAuditAgentTypes.Person, "Practitioner/p1", "user-1",
        new Dictionary<string, string> { [KnownAuditDetails.Role] = "reviewer" }, sourceKey);

    /// <summary>The class's tests share one database; each starts from an empty trail (the owner may drop the guard to do so).</summary>
    private async Task ResetAsync()
    {
        await using var connection = await NewDatabase().OpenAsync();
        await connection.ExecuteAsync(
            "ALTER TABLE audit_trail DISABLE TRIGGER USER; TRUNCATE audit_trail; ALTER TABLE audit_trail ENABLE TRIGGER USER;");
    }

    private Database NewDatabase()
    {
        var db = new Database(Options.Create(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = database.ConnectionString }));
        databases.Add(db);
        return db;
    }
}
