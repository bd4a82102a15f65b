using System.Security.Cryptography;
using System.Text;
using Dapper;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HealthMesh.ServiceDefaults.UnitTests.Documents;

public sealed class ClinicalDocumentStoreTests : IAsyncLifetime
{
    private readonly string directory = TestConfiguration.CreateTempDirectory("documents");
    private IHost host = null!;

    public async Task InitializeAsync()
    {
        host = Build(TestConfiguration.ForSqlite(directory));
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Phi_round_trips_and_is_not_stored_in_clear()
    {
        var store = host.Services.GetRequiredService<IClinicalDocumentStore>();
        var workflowId = Guid.NewGuid();
        const string phi = "Patient Jane Q. Doe, MRN 884422";

        var reference = await store.PutAsync(workflowId, "context", Encoding.UTF8.GetBytes(phi), DocumentSensitivity.Phi);

        Assert.Equal(phi, Encoding.UTF8.GetString(await store.GetAsync(reference)));
        var raw = await ReadRawAsync(reference);
        Assert.DoesNotContain("Doe", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Putting_again_replaces_so_redelivery_is_idempotent()
    {
        var store = host.Services.GetRequiredService<IClinicalDocumentStore>();
        var workflowId = Guid.NewGuid();

        var first = await store.PutAsync(workflowId, "draft-r1", "one"u8.ToArray(), DocumentSensitivity.Deidentified);
        var second = await store.PutAsync(workflowId, "draft-r1", "two"u8.ToArray(), DocumentSensitivity.Deidentified);

        Assert.Equal(first, second);
        Assert.Equal("two", Encoding.UTF8.GetString(await store.GetAsync(first)));
    }

    [Fact]
    public async Task Tampered_ciphertext_is_refused()
    {
        var store = host.Services.GetRequiredService<IClinicalDocumentStore>();
        var reference = await store.PutAsync(Guid.NewGuid(), "context", "secret"u8.ToArray(), DocumentSensitivity.Phi);
        var raw = await ReadRawAsync(reference);
        raw[^1] ^= 0xFF;
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE clinical_documents SET content = @Content WHERE reference = @Reference", new { Content = raw, Reference = reference });
        }

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.GetAsync(reference));
    }

    [Fact]
    public async Task Rotated_keys_still_read_documents_written_under_the_old_key()
    {
        var store = host.Services.GetRequiredService<IClinicalDocumentStore>();
        var reference = await store.PutAsync(Guid.NewGuid(), "context", "before rotation"u8.ToArray(), DocumentSensitivity.Phi);

        var rotated = TestConfiguration.ForSqlite(directory);
        rotated["HealthMesh:Documents:EncryptionKeys:test"] = host.Services.GetRequiredService<IOptions<DocumentsOptions>>().Value.EncryptionKeys["test"];
        rotated["HealthMesh:Documents:EncryptionKeys:next"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        rotated["HealthMesh:Documents:ActiveKeyId"] = "next";
        using var rotatedHost = Build(rotated);
        var rotatedStore = rotatedHost.Services.GetRequiredService<IClinicalDocumentStore>();

        Assert.Equal("before rotation", Encoding.UTF8.GetString(await rotatedStore.GetAsync(reference)));
    }

    [Fact]
    public async Task Unknown_reference_says_so()
    {
        var store = host.Services.GetRequiredService<IClinicalDocumentStore>();

        var error = await Assert.ThrowsAsync<ClinicalDocumentNotFoundException>(() => store.GetAsync("hm-doc:missing/context"));

        Assert.Contains("hm-doc:missing/context", error.Message);
    }

    [Fact]
    public async Task Deleting_a_workflow_removes_its_documents_only()
    {
        var store = host.Services.GetRequiredService<IClinicalDocumentStore>();
        var gone = Guid.NewGuid();
        var kept = await store.PutAsync(Guid.NewGuid(), "context", "kept"u8.ToArray(), DocumentSensitivity.Phi);
        await store.PutAsync(gone, "context", "x"u8.ToArray(), DocumentSensitivity.Phi);
        await store.PutAsync(gone, "reid-vault", "y"u8.ToArray(), DocumentSensitivity.Phi);

        Assert.Equal(2, await store.DeleteWorkflowAsync(gone));
        Assert.Equal("kept", Encoding.UTF8.GetString(await store.GetAsync(kept)));
    }

    [Fact]
    public void Missing_keys_fail_start_up()
    {
        var configuration = TestConfiguration.ForSqlite(directory);
        configuration.Remove("HealthMesh:Documents:EncryptionKeys:test");
        using var broken = Build(configuration);

        var error = Assert.Throws<OptionsValidationException>(() => broken.Services.GetRequiredService<IOptions<DocumentsOptions>>().Value);

        Assert.Contains("EncryptionKeys", error.Message);
    }

    private async Task<byte[]> ReadRawAsync(string reference)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.QuerySingleAsync<byte[]>("SELECT content FROM clinical_documents WHERE reference = @Reference", new { Reference = reference });
    }

    private static IHost Build(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddDatabase();
        builder.AddClinicalDocuments();
        return builder.Build();
    }
}
