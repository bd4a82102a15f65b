using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthMesh.ServiceDefaults.Persistence;

/// <summary>
/// Applies every registered component's migrations at start-up, before the bus starts consuming. Instances that
/// start together serialise on a lock (PostgreSQL advisory lock; SQLite's write lock).
/// </summary>
public sealed partial class DatabaseMigrator(Database database, IEnumerable<SchemaMigrations> components, ILogger<DatabaseMigrator> logger)
    : IHostedService
{
    private const long AdvisoryLockKey = 0x4845_414C_5448; // "HEALTH"

    public Task StartAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await BeginLockedAsync(connection, cancellationToken);

        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, script TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (component, script))",
            transaction: transaction);

        var suffix = $".{SqlScripts.Suffix(database.Provider)}.sql";
        foreach (var component in components.DistinctBy(c => c.Component))
        {
            var applied = (await connection.QueryAsync<string>(
                "SELECT script FROM schema_migrations WHERE component = @Component",
                new { component.Component },
                transaction)).ToHashSet(StringComparer.Ordinal);

            var scripts = component.Assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);

            foreach (var resource in scripts)
            {
                var script = resource["migrations/".Length..];
                if (applied.Contains(script))
                {
                    continue;
                }

                await connection.ExecuteAsync(SqlScripts.Read(component.Assembly, resource)!, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (component, script, applied_at) VALUES (@Component, @Script, @AppliedAt)",
                    new { component.Component, Script = script, AppliedAt = DateTimeOffset.UtcNow.ToString("O") },
                    transaction);
                LogApplied(component.Component, script);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<DbTransaction> BeginLockedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@Key)", new { Key = AdvisoryLockKey }, transaction);
            return transaction;
        }

        // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken at once.
        return await connection.BeginTransactionAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Component}/{Script}")]
    private partial void LogApplied(string component, string script);
}
