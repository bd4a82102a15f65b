namespace HealthMesh.IntegrationTests.Orchestrator;

public sealed class SqliteSqlSagaRepositoryTests(SqliteTestDatabase database)
    : SqlSagaRepositoryTests(database), IClassFixture<SqliteTestDatabase>;
