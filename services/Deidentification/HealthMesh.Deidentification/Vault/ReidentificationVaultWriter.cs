namespace HealthMesh.Deidentification.Vault;

internal sealed class ReidentificationVaultWriter(ReidentificationVaultStore store, VaultEncryption encryption) : IReidentificationVaultWriter
{
    public Task<VaultPurge?> StoreAsync(ReidentificationVault vault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vault);
        var keyId = encryption.ActiveKeyId;
        return store.StoreAsync(vault.WorkflowId, keyId, encryption.Seal(vault.WorkflowId, vault.ToJson()), cancellationToken);
    }
}
