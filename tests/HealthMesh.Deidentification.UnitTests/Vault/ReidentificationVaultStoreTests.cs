using System.Security.Cryptography;
using System.Text;
using Dapper;
using HealthMesh.Deidentification.Surrogates;
using HealthMesh.Deidentification.Vault;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.UnitTests.Vault;

/// <summary>
/// The vault's own store on both databases: sealed under its own key ring with the key id per row, bound to its
/// workflow, readable across key rotation and re-encrypted to the active key, purged on request and past retention.
/// </summary>
public sealed class ReidentificationVaultStoreTests : IAsyncLifetime
{
    private const string RealName = "Evangeline";
    private readonly string directory = TestConfiguration.CreateTempDirectory("vault-store");
    private readonly string key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly List<IHost> hosts = [];
    private string? postgreSql;

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    public System.Threading.Tasks.Task InitializeAsync() => System.Threading.Tasks.Task.CompletedTask;

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.Services.GetRequiredService<Database>().DisposeAsync();
            host.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        if (postgreSql is not null)
        {
            await TestServers.DropPostgreSqlDatabaseAsync(postgreSql);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async System.Threading.Tasks.Task Seals_under_the_active_vault_key_and_opens_again(DatabaseProvider provider)
    {
        var host = await StartAsync(provider, ("k1", key1));
        var workflowId = Guid.NewGuid();

        Assert.Null(await Writer(host).StoreAsync(Vault(workflowId), CancellationToken.None));

        var row = await RowAsync(host, workflowId);
        Assert.Equal("k1", row.KeyId);
        Assert.DoesNotContain(RealName, Encoding.UTF8.GetString(row.Content!));
        var vault = await Reader(host).ReadAsync(workflowId, CancellationToken.None);
        Assert.Equal($"{RealName} is well.", vault.Restore("Rosalind is well."));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async System.Threading.Tasks.Task A_vault_moved_to_another_workflow_fails_to_open(DatabaseProvider provider)
    {
        var host = await StartAsync(provider, ("k1", key1));
        var (victim, other) = (Guid.NewGuid(), Guid.NewGuid());
        await Writer(host).StoreAsync(Vault(victim), CancellationToken.None);
        await Writer(host).StoreAsync(Vault(other, original: "Someone"), CancellationToken.None);

        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
        {
            var moved = await connection.ExecuteAsync(
                "UPDATE reidentification_vaults SET content = (SELECT content FROM reidentification_vaults WHERE workflow_id = @From) WHERE workflow_id = @To",
                new { From = victim.ToString("N"), To = other.ToString("N") });
            Assert.Equal(1, moved);
        }

        await Assert.ThrowsAnyAsync<CryptographicException>(() => Reader(host).ReadAsync(other, CancellationToken.None));
        Assert.Equal($"{RealName} is well.", (await Reader(host).ReadAsync(victim, CancellationToken.None)).Restore("Rosalind is well."));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async System.Threading.Tasks.Task After_rotation_old_vaults_open_with_the_old_key_and_maintenance_re_encrypts_them_to_the_new_one(DatabaseProvider provider)
    {
        var before = await StartAsync(provider, ("k1", key1));
        var old = Guid.NewGuid();
        await Writer(before).StoreAsync(Vault(old), CancellationToken.None);

        // Rotation: k2 added and active, k1 still listed.
        var rotated = await StartAsync(provider, ("k2", key2), ("k1", key1));
        var fresh = Guid.NewGuid();
        await Writer(rotated).StoreAsync(Vault(fresh), CancellationToken.None);
        Assert.Equal("k1", (await RowAsync(rotated, old)).KeyId);
        Assert.Equal("k2", (await RowAsync(rotated, fresh)).KeyId);
        Assert.NotNull(await Reader(rotated).ReadAsync(old, CancellationToken.None));

        // Without k1, the old vault cannot be opened, and the error says which key to keep.
        var withoutOld = await StartAsync(provider, ("k2", key2));
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => Reader(withoutOld).ReadAsync(old, CancellationToken.None));
        Assert.Contains("'k1'", missing.Message);

        await Maintenance(rotated).RunOnceAsync(CancellationToken.None);

        Assert.Equal("k2", (await RowAsync(rotated, old)).KeyId);
        Assert.Equal($"{RealName} is well.", (await Reader(withoutOld).ReadAsync(old, CancellationToken.None)).Restore("Rosalind is well."));
        Assert.NotNull(await Reader(withoutOld).ReadAsync(fresh, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async System.Threading.Tasks.Task A_purge_drops_the_content_keeps_the_first_reason_and_stops_any_later_store(DatabaseProvider provider)
    {
        var host = await StartAsync(provider, ("k1", key1));
        var purger = host.Services.GetRequiredService<ReidentificationVaultPurger>();
        var workflowId = Guid.NewGuid();
        await Writer(host).StoreAsync(Vault(workflowId), CancellationToken.None);

        Assert.True(await purger.PurgeAsync(workflowId, "consent withdrawn", CancellationToken.None));
        Assert.False(await purger.PurgeAsync(workflowId, "operator request", CancellationToken.None));

        var row = await RowAsync(host, workflowId);
        Assert.Null(row.Content);
        Assert.Null(row.KeyId);
        var gone = await Assert.ThrowsAsync<ReidentificationDataUnavailableException>(() => Reader(host).ReadAsync(workflowId, CancellationToken.None));
        Assert.Equal(("consent withdrawn", clock.GetUtcNow()), (gone.Purge!.Reason, gone.Purge.PurgedAt));
        Assert.Contains("consent withdrawn", gone.Message);

        var refused = await Writer(host).StoreAsync(Vault(workflowId), CancellationToken.None);
        Assert.Equal("consent withdrawn", refused!.Reason);
        Assert.Null((await RowAsync(host, workflowId)).Content);

        var never = Guid.NewGuid();
        var unknown = await Assert.ThrowsAsync<ReidentificationDataUnavailableException>(() => Reader(host).ReadAsync(never, CancellationToken.None));
        Assert.Null(unknown.Purge);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async System.Threading.Tasks.Task Maintenance_purges_vaults_past_retention_and_keeps_younger_ones(DatabaseProvider provider)
    {
        var host = await StartAsync(provider, ("k1", key1));
        var (old, young) = (Guid.NewGuid(), Guid.NewGuid());
        await Writer(host).StoreAsync(Vault(old), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(20));
        await Writer(host).StoreAsync(Vault(young), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(11));

        await Maintenance(host).RunOnceAsync(CancellationToken.None);

        var gone = await Assert.ThrowsAsync<ReidentificationDataUnavailableException>(() => Reader(host).ReadAsync(old, CancellationToken.None));
        Assert.Equal(ReidentificationVaultPurger.RetentionReason, gone.Purge!.Reason);
        Assert.NotNull(await Reader(host).ReadAsync(young, CancellationToken.None));
    }

    [Fact]
    public async System.Threading.Tasks.Task Start_up_fails_without_a_vault_key_ring_or_with_an_unlisted_active_key()
    {
        var none = Build(DatabaseProvider.Sqlite, null);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => none.StartAsync());
        Assert.Contains("HealthMesh:Vault:Keys", error.Message);

        var unlisted = Build(DatabaseProvider.Sqlite, null, ("k1", key1));
        unlisted.Services.GetRequiredService<IConfiguration>()["HealthMesh:Vault:ActiveKeyId"] = "k9";
        error = await Assert.ThrowsAsync<OptionsValidationException>(() => unlisted.StartAsync());
        Assert.Contains("'k9' is not one of the configured HealthMesh:Vault:Keys", error.Message);

        var shortKey = Build(DatabaseProvider.Sqlite, null, ("k1", Convert.ToBase64String(new byte[16])));
        error = await Assert.ThrowsAsync<OptionsValidationException>(() => shortKey.StartAsync());
        Assert.Contains("HealthMesh:Vault:Keys:k1 must be base64 of exactly 32 bytes", error.Message);
    }

    private async Task<IHost> StartAsync(DatabaseProvider provider, params (string Id, string Key)[] keys)
    {
        string connectionString;
        if (provider == DatabaseProvider.PostgreSql)
        {
            connectionString = postgreSql ??= await TestServers.CreatePostgreSqlDatabaseAsync("hm_vault");
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(directory, "vault.db")}";
        }

        var host = Build(provider, connectionString, keys);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return host;
    }

    /// <summary>The vault's writer and reader over one database, the first key active; hosted services are not started.</summary>
    private IHost Build(DatabaseProvider provider, string? connectionString, params (string Id, string Key)[] keys)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>
        {
            ["HealthMesh:Database:Provider"] = provider.ToString(),
            ["HealthMesh:Database:ConnectionString"] = connectionString ?? $"Data Source={Path.Combine(directory, "unused.db")}",
        };
        if (keys.Length > 0)
        {
            settings["HealthMesh:Vault:ActiveKeyId"] = keys[0].Id;
        }

        foreach (var (id, key) in keys)
        {
            settings[$"HealthMesh:Vault:Keys:{id}"] = key;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddDatabase();
        builder.Services.AddReidentificationVaultWriter();
        builder.Services.AddReidentificationVaultReader();
        var host = builder.Build();
        hosts.Add(host);
        return host;
    }

    private static ReidentificationVault Vault(Guid workflowId, string original = RealName)
    {
        var builder = new ReidentificationVaultBuilder();
        builder.Record("Rosalind", original, SurrogateKind.GivenName);
        return builder.Build(workflowId, dateShiftDays: 12);
    }

    private static IReidentificationVaultWriter Writer(IHost host) => host.Services.GetRequiredService<IReidentificationVaultWriter>();

    private static IReidentificationVaultReader Reader(IHost host) => host.Services.GetRequiredService<IReidentificationVaultReader>();

    private static VaultMaintenanceService Maintenance(IHost host) =>
        host.Services.GetServices<IHostedService>().OfType<VaultMaintenanceService>().Single();

    private static async Task<VaultRow> RowAsync(IHost host, Guid workflowId)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.QuerySingleAsync<VaultRow>(
            "SELECT key_id AS KeyId, content AS Content FROM reidentification_vaults WHERE workflow_id = @Id",
            new { Id = workflowId.ToString("N") });
    }

    private sealed record VaultRow(string? KeyId, byte[]? Content);

    private sealed class TestClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
