using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing;

namespace HealthMesh.IntegrationTests.Orchestrator;

public sealed class PostgreSqlTestDatabase : TestDatabase
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override async Task InitializeAsync() =>
        ConnectionString = await TestServers.CreatePostgreSqlDatabaseAsync("hm_orch");

    public override Task DisposeAsync() => TestServers.DropPostgreSqlDatabaseAsync(ConnectionString);
}
