namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// Opens a workflow's vault. Its only implementation is internal to this assembly and registered only by write-back
/// (<c>AddWriteBack</c>); no other service's container can resolve it, and none has the vault keys.
/// </summary>
public interface IReidentificationVaultReader
{
    /// <exception cref="ReidentificationDataUnavailableException">Purged, or never stored.</exception>
    Task<ReidentificationVault> ReadAsync(Guid workflowId, CancellationToken cancellationToken);
}
