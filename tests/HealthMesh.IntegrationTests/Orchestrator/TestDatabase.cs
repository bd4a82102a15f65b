using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.IntegrationTests.Orchestrator;

/// <summary>
/// A fresh, empty database per test class: a temp SQLite file, or a new database on the test PostgreSQL server
/// (see <see cref="HealthMesh.Testing.TestServers"/>; dropped afterwards).
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString { get; protected set; } = string.Empty;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();
}
