namespace HealthMesh.Deidentification.Vault;

/// <summary>Seals and stores a workflow's vault. Registered by de-identification; it cannot read vaults back.</summary>
public interface IReidentificationVaultWriter
{
    /// <summary>Stores (or, on redelivery, replaces) the workflow's vault.</summary>
    /// <returns>Null when stored; the tombstone when the workflow's data was purged before, in which case nothing is stored.</returns>
    Task<VaultPurge?> StoreAsync(ReidentificationVault vault, CancellationToken cancellationToken);
}
