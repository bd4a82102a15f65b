using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.IntegrationTests.Orchestrator;

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "hm-it-" + Guid.NewGuid().ToString("N"));

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        ConnectionString = $"Data Source={Path.Combine(directory, "orchestrator.db")}";
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
