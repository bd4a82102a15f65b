using System.Text.Json;
using Dapper;
using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// The <c>reidentification_vaults</c> table (migration component <c>vault</c>): one sealed row per workflow, turned into
/// a content-less tombstone when purged. A tombstone is final: nothing stores a vault for that workflow again.
/// The SQL only moves ciphertext; sealing and opening are the writer's and the reader's.
/// </summary>
internal sealed class ReidentificationVaultStore(Database database, TimeProvider clock)
{
    private const int MaxReasonLength = 200;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>Null when stored; the tombstone when the workflow's data was already purged (nothing stored).</returns>
    public async Task<VaultPurge?> StoreAsync(Guid workflowId, string keyId, byte[] content, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.ExecuteAsync(new CommandDefinition(
            Sql("StoreReidentificationVault"),
            new { WorkflowId = Id(workflowId), KeyId = keyId, Content = content, CreatedAt = Now() },
            cancellationToken: cancellationToken));
        return stored > 0 ? null : (await GetAsync(workflowId, cancellationToken))?.Purge;
    }

    public async Task<StoredVault?> GetAsync(Guid workflowId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT key_id AS KeyId, content AS Content, created_at AS CreatedAt, purged_at AS PurgedAt,
                   purge_reason AS PurgeReason, written_back AS WrittenBack
            FROM reidentification_vaults WHERE workflow_id = @WorkflowId
            """,
            new { WorkflowId = Id(workflowId) },
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var purge = row.PurgedAt is null
            ? null
            : new VaultPurge(
                workflowId,
                DateTimeOffset.Parse(row.PurgedAt, System.Globalization.CultureInfo.InvariantCulture),
                row.PurgeReason ?? "unspecified",
                row.WrittenBack is null ? null : JsonSerializer.Deserialize<ClinicalNoteWrittenBack>(row.WrittenBack, Json));
        return new StoredVault(row.KeyId, row.Content, purge);
    }

    /// <returns>True when this call purged it; false when it was purged before (the first tombstone stays).</returns>
    public async Task<bool> PurgeAsync(Guid workflowId, string reason, ClinicalNoteWrittenBack? writtenBack, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            Sql("PurgeReidentificationVault"),
            new
            {
                WorkflowId = Id(workflowId),
                PurgedAt = Now(),
                Reason = Truncate(reason),
                WrittenBack = writtenBack is null ? null : JsonSerializer.Serialize(writtenBack, Json),
            },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Purges every live vault stored before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> PurgeStoredBeforeAsync(DateTimeOffset cutoff, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            Sql("PurgeExpiredReidentificationVaults"),
            new { Cutoff = cutoff.ToUniversalTime().ToString("O"), PurgedAt = Now(), Reason = Truncate(reason) },
            cancellationToken: cancellationToken));
    }

    /// <summary>Live vaults sealed under another key than <paramref name="activeKeyId"/>, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<SealedVault>> ListSealedUnderOtherKeysAsync(string activeKeyId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string WorkflowId, string KeyId, byte[] Content)>(new CommandDefinition(
            """
            SELECT workflow_id, key_id, content FROM reidentification_vaults
            WHERE purged_at IS NULL AND key_id <> @ActiveKeyId
            ORDER BY created_at LIMIT @Limit
            """,
            new { ActiveKeyId = activeKeyId, Limit = limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => new SealedVault(Guid.ParseExact(r.WorkflowId, "N"), r.KeyId, r.Content)).ToList();
    }

    /// <summary>Replaces a vault's ciphertext if it is still live and still under <paramref name="previousKeyId"/>.</summary>
    public async Task<bool> ReplaceSealedAsync(Guid workflowId, string previousKeyId, string keyId, byte[] content, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            Sql("RewrapReidentificationVault"),
            new { WorkflowId = Id(workflowId), PreviousKeyId = previousKeyId, KeyId = keyId, Content = content },
            cancellationToken: cancellationToken)) > 0;
    }

    private string Sql(string name) => SqlScripts.Get(typeof(ReidentificationVaultStore).Assembly, name, database.Provider);

    private string Now() => clock.GetUtcNow().ToString("O");

    private static string Id(Guid workflowId) => workflowId.ToString("N");

    private static string Truncate(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];

    private sealed record Row(string? KeyId, byte[]? Content, string CreatedAt, string? PurgedAt, string? PurgeReason, string? WrittenBack);
}
