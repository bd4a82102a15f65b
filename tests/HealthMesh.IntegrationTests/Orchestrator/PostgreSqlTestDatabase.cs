using Dapper;
using HealthMesh.ServiceDefaults.Persistence;
using Npgsql;

namespace HealthMesh.IntegrationTests.Orchestrator;

public sealed class PostgreSqlTestDatabase : TestDatabase
{
    public const string Variable = "HEALTHMESH_TEST_POSTGRESQL";

    private readonly string name = "hm_orch_" + Guid.NewGuid().ToString("N");
    private string server = string.Empty;

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override async Task InitializeAsync()
    {
        server = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException(
                $"{Variable} is not set. Set it to an Npgsql connection string of a PostgreSQL superuser, e.g. " +
                "'Host=localhost;Username=healthmesh;Password=healthmesh;Database=healthmesh' (the repo test script sets it).");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync($"CREATE DATABASE {name}");
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    public override async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }
}
