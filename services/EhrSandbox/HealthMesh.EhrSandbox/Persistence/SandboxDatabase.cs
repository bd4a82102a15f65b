using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace HealthMesh.EhrSandbox.Persistence;

/// <summary>
/// The sandbox's own SQLite file (it deliberately does not share HealthMesh's database: it plays the EHR).
/// Writers are serialised in-process so SQLite never answers "database is locked"; readers run beside them (WAL).
/// </summary>
public sealed class SandboxDatabase(IOptions<EhrSandboxOptions> options) : IDisposable
{
    private const string MigrationPrefix = "migrations/";
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _migrateLock = new(1, 1);
    private volatile bool _migrated;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken);
        return await OpenRawAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction: committed when it returns, rolled back when it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenRawAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Applies the embedded <c>Persistence/Migrations</c> scripts not yet applied (tracked in <c>PRAGMA user_version</c>).</summary>
    public async Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }

        await _migrateLock.WaitAsync(cancellationToken);
        try
        {
            if (_migrated)
            {
                return;
            }

            await using var connection = await OpenRawAsync(cancellationToken);
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
            var applied = await connection.ExecuteScalarAsync<long>("PRAGMA user_version;");
            foreach (var (number, script) in Migrations().Where(m => m.Number > applied))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(script, transaction: transaction);
                await connection.ExecuteAsync($"PRAGMA user_version = {number};", transaction: transaction);
                await transaction.CommitAsync(cancellationToken);
            }

            _migrated = true;
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        _migrateLock.Dispose();
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString) { DefaultTimeout = 30 };
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.Mode != SqliteOpenMode.Memory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static IEnumerable<(long Number, string Script)> Migrations()
    {
        var assembly = typeof(SandboxDatabase).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(MigrationPrefix, StringComparison.Ordinal) && n.EndsWith(".sqlite.sql", StringComparison.Ordinal))
            .Select(n => (Number: long.Parse(n.AsSpan(MigrationPrefix.Length, 4)), Script: Read(assembly, n)))
            .OrderBy(m => m.Number);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
