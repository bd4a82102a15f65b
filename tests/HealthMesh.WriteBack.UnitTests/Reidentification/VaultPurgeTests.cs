using Dapper;
using HealthMesh.Contracts;
using HealthMesh.Deidentification.Vault;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.WriteBack.UnitTests.Notes;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.WriteBack.UnitTests.Reidentification;

/// <summary>
/// The vault is purged once the EHR confirmed the write; a replayed write-back still answers "already present" from the
/// tombstone, and a write-back after a purge for any other reason faults at once with that reason.
/// </summary>
public sealed class VaultPurgeTests
{
    [Fact]
    public async System.Threading.Tasks.Task A_confirmed_write_purges_the_vault_and_a_replay_answers_already_present_without_it()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var command = await host.PrepareAsync();

        await host.DeliverAsync(command);

        var row = await VaultRowAsync(host, command.WorkflowId);
        Assert.Null(row.Content);
        Assert.Null(row.KeyId);
        Assert.Equal(ReidentificationVaultPurger.WrittenBackReason, row.PurgeReason);
        var reader = host.Services.GetRequiredService<IReidentificationVaultReader>();
        var unavailable = await Assert.ThrowsAsync<ReidentificationDataUnavailableException>(() => reader.ReadAsync(command.WorkflowId, CancellationToken.None));
        Assert.Contains("written back", unavailable.Message);

        await host.DeliverAsync(command);

        Assert.Single(host.Ehr.All<DocumentReference>());
        var written = host.WrittenBack();
        Assert.Equal(2, written.Count);
        Assert.False(written[0].AlreadyPresent);
        Assert.Equal(written[0] with { AlreadyPresent = true }, written[1]);
    }

    [Fact]
    public async System.Threading.Tasks.Task After_a_purge_for_withdrawn_consent_write_back_faults_at_once_with_the_reason_and_writes_nothing()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var command = await host.PrepareAsync();
        Assert.True(await host.VaultPurger.PurgeAsync(command.WorkflowId, "consent withdrawn", CancellationToken.None));

        await host.DeliverAsync(command);

        Assert.Empty(host.Ehr.All<DocumentReference>());
        Assert.Empty(host.WrittenBack());
        var fault = host.Harness.Published.Select<Fault<WriteBackClinicalNote>>().Single().Context.Message;
        var exception = Assert.Single(fault.Exceptions);
        Assert.Equal(typeof(ReidentificationDataUnavailableException).FullName, exception.ExceptionType);
        Assert.Contains("purged", exception.Message);
        Assert.Contains("consent withdrawn", exception.Message);
        Assert.Contains(command.WorkflowId.ToString(), exception.Message);
        Assert.DoesNotContain(host.Ehr.Requests, r => r.StartsWith("POST /fhir", StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_later_purge_request_keeps_the_first_tombstone()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var command = await host.PrepareAsync();
        await host.DeliverAsync(command);

        Assert.False(await host.VaultPurger.PurgeAsync(command.WorkflowId, "consent withdrawn", CancellationToken.None));

        Assert.Equal(ReidentificationVaultPurger.WrittenBackReason, (await VaultRowAsync(host, command.WorkflowId)).PurgeReason);
        await host.DeliverAsync(command);
        Assert.True(host.WrittenBack()[^1].AlreadyPresent);
    }

    private static async Task<VaultRow> VaultRowAsync(WriteBackTestHost host, Guid workflowId)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.QuerySingleAsync<VaultRow>(
            "SELECT key_id AS KeyId, content AS Content, purge_reason AS PurgeReason FROM reidentification_vaults WHERE workflow_id = @Id",
            new { Id = workflowId.ToString("N") });
    }

    private sealed record VaultRow(string? KeyId, byte[]? Content, string? PurgeReason);
}
