namespace HealthMesh.IntegrationTests.Orchestrator;

public sealed class PostgreSqlSqlSagaRepositoryTests(PostgreSqlTestDatabase database)
    : SqlSagaRepositoryTests(database), IClassFixture<PostgreSqlTestDatabase>;
