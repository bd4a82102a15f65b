namespace HealthMesh.Deidentification.Vault;

/// <summary>A row of the vault table: its ciphertext and key id while live, its tombstone once purged.</summary>
internal sealed record StoredVault(string? KeyId, byte[]? Content, VaultPurge? Purge);
