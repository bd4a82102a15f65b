using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HealthMesh.ServiceDefaults.Persistence;

/// <summary>The single place that chooses SQLite or PostgreSQL. Stores ask it for open connections.</summary>
public sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? postgres;
    private readonly string? sqliteConnectionString;

    public Database(IOptions<DatabaseOptions> options)
    {
        Provider = options.Value.Provider;
        if (Provider == DatabaseProvider.PostgreSql)
        {
            postgres = NpgsqlDataSource.Create(options.Value.ConnectionString);
            return;
        }

        var sqlite = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            Pooling = true,
            DefaultTimeout = 30,
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
        if (!string.IsNullOrEmpty(directory) && sqlite.Mode != SqliteOpenMode.Memory)
        {
            Directory.CreateDirectory(directory);
        }

        sqliteConnectionString = sqlite.ToString();
    }

    public DatabaseProvider Provider { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (postgres is not null)
        {
            return await postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(sqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // WAL lets readers run beside the single writer; busy_timeout makes concurrent writers wait instead of failing.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public ValueTask DisposeAsync() => postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
