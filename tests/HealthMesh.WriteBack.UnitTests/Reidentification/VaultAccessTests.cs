using System.Security.Cryptography;
using System.Text;
using Dapper;
using HealthMesh.Deidentification.Surrogates;
using HealthMesh.Deidentification.Vault;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Summarization;
using HealthMesh.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.WriteBack.UnitTests.Reidentification;

/// <summary>
/// Only write-back can read the vault, by construction: the Summarization host's container has no reader, and with
/// its own configuration (the shared database and the document keys every service holds, no vault keys) the vault
/// table's rows cannot be opened.
/// </summary>
public sealed class VaultAccessTests : IDisposable
{
    private const string RealName = "Evangeline";
    private readonly string directory = TestConfiguration.CreateTempDirectory("vault-access");

    [Fact]
    public async System.Threading.Tasks.Task The_summarization_host_cannot_resolve_a_reader_nor_open_the_vault_table_with_its_configuration()
    {
        var shared = TestConfiguration.ForSqlite(directory);
        var vaultKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var workflowId = Guid.NewGuid();

        // Write-back's host (with the vault keys) seals a vault, as de-identification would.
        using (var writeBack = Build(shared, vaultKey, host => host.AddWriteBack()))
        {
            await writeBack.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            var builder = new ReidentificationVaultBuilder();
            builder.Record("Rosalind", RealName, SurrogateKind.GivenName);
            var writer = new ReidentificationVaultWriter(writeBack.Services.GetRequiredService<ReidentificationVaultStore>(), writeBack.Services.GetRequiredService<VaultEncryption>());
            Assert.Null(await writer.StoreAsync(builder.Build(workflowId, 0), CancellationToken.None));
            var read = await writeBack.Services.GetRequiredService<IReidentificationVaultReader>().ReadAsync(workflowId, CancellationToken.None);
            Assert.Equal($"{RealName} is well.", read.Restore("Rosalind is well."));
        }

        // The Summarization host, registered as its Program does, over the same database and document keys.
        using var summarization = Build(shared, vaultKey: null, host => host.AddSummarization());
        Assert.Null(summarization.Services.GetService<IReidentificationVaultReader>());
        Assert.Null(summarization.Services.GetService<IReidentificationVaultWriter>());
        var isService = summarization.Services.GetRequiredService<IServiceProviderIsService>();
        Assert.False(isService.IsService(typeof(VaultEncryption)));
        Assert.False(isService.IsService(typeof(ReidentificationVaultStore)));

        await using var connection = await summarization.Services.GetRequiredService<Database>().OpenAsync();
        var (keyId, content) = await connection.QuerySingleAsync<(string, byte[])>(
            "SELECT key_id, content FROM reidentification_vaults WHERE workflow_id = @Id", new { Id = workflowId.ToString("N") });
        Assert.DoesNotContain(RealName, Encoding.UTF8.GetString(content));

        // The document key ring it does hold opens nothing here.
        var documents = summarization.Services.GetRequiredService<DocumentEncryption>();
        Assert.ThrowsAny<CryptographicException>(() => documents.Decrypt($"healthmesh:reidentification-vault:{workflowId:N}", "test", content));

        // Nor does its configuration give a vault key: it has none.
        var configured = summarization.Services.GetRequiredService<IConfiguration>().GetSection(VaultOptions.SectionName).Get<VaultOptions>() ?? new VaultOptions();
        var error = Assert.Throws<InvalidOperationException>(() => new VaultEncryption(Options.Create(configured)).Open(workflowId, keyId, content));
        Assert.Contains($"Vault key '{keyId}' is not configured", error.Message);
    }

    private static IHost Build(Dictionary<string, string?> shared, string? vaultKey, Action<IHostApplicationBuilder> register)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(shared);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Ehr:BaseUrl"] = "http://ehr.invalid/fhir",
        });
        if (vaultKey is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["HealthMesh:Vault:ActiveKeyId"] = "vault-1",
                ["HealthMesh:Vault:Keys:vault-1"] = vaultKey,
            });
        }

        builder.AddServiceDefaults();
        register(builder);
        return builder.Build();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
