namespace HealthMesh.Deidentification.Vault;

internal sealed class ReidentificationVaultReader(ReidentificationVaultStore store, VaultEncryption encryption) : IReidentificationVaultReader
{
    public async Task<ReidentificationVault> ReadAsync(Guid workflowId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(workflowId, cancellationToken);
        if (stored is not { KeyId: { } keyId, Content: { } content })
        {
            throw new ReidentificationDataUnavailableException(workflowId, stored?.Purge);
        }

        var vault = ReidentificationVault.FromJson(encryption.Open(workflowId, keyId, content));
        // The associated data already binds the ciphertext to the row; this guards the plaintext's own claim too.
        return vault.WorkflowId == workflowId
            ? vault
            : throw new InvalidDataException($"The vault stored for workflow {workflowId} names workflow {vault.WorkflowId}.");
    }
}
