using Dapper;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.ServiceDefaults.UnitTests.Persistence;

public sealed class DatabaseMigratorTests
{
    [Fact]
    public async Task Migrating_twice_applies_each_script_once()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(TestConfiguration.ForSqlite(TestConfiguration.CreateTempDirectory("migrator")));
        builder.AddDatabase();
        builder.Services.AddSchemaMigrations("documents", typeof(Database).Assembly);
        using var host = builder.Build();
        var migrator = host.Services.GetRequiredService<DatabaseMigrator>();

        await migrator.MigrateAsync(CancellationToken.None);
        await migrator.MigrateAsync(CancellationToken.None);

        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        var applied = (await connection.QueryAsync<string>("SELECT script FROM schema_migrations WHERE component = 'documents'")).ToList();
        Assert.Equal(["0001_clinical_documents.sqlite.sql"], applied);
    }
}
