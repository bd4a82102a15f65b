namespace HealthMesh.Deidentification.Vault;

/// <summary>A live vault's ciphertext and the key it is sealed under.</summary>
internal sealed record SealedVault(Guid WorkflowId, string KeyId, byte[] Content);
