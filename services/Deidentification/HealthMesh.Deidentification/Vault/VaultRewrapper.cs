using Microsoft.Extensions.Logging;

namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// Key rotation's second half: re-encrypts live vaults sealed under an older key with the active one, so the older key
/// can be retired. A vault written or purged meanwhile is left alone (the update matches the old key and live rows only).
/// </summary>
internal sealed partial class VaultRewrapper(ReidentificationVaultStore store, VaultEncryption encryption, ILogger<VaultRewrapper> logger)
{
    private const int BatchSize = 100;

    /// <summary>Re-encrypts every live vault not under the active key; returns how many.</summary>
    public async Task<int> RewrapAsync(CancellationToken cancellationToken)
    {
        var activeKeyId = encryption.ActiveKeyId;
        var rewrapped = 0;
        while (true)
        {
            var batch = await store.ListSealedUnderOtherKeysAsync(activeKeyId, BatchSize, cancellationToken);
            var changed = 0;
            foreach (var vault in batch)
            {
                var resealed = encryption.Seal(vault.WorkflowId, encryption.Open(vault.WorkflowId, vault.KeyId, vault.Content));
                if (await store.ReplaceSealedAsync(vault.WorkflowId, vault.KeyId, activeKeyId, resealed, cancellationToken))
                {
                    changed++;
                }
            }

            rewrapped += changed;
            if (batch.Count < BatchSize || changed == 0)
            {
                break;
            }
        }

        if (rewrapped > 0)
        {
            LogRewrapped(rewrapped, activeKeyId);
        }

        return rewrapped;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} re-identification vaults re-encrypted under the active key {KeyId}")]
    private partial void LogRewrapped(int count, string keyId);
}
