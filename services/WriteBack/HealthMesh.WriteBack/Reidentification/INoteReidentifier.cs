using HealthMesh.Contracts;

namespace HealthMesh.WriteBack.Reidentification;

/// <summary>
/// Puts the real values back into an approved note before it goes to the EHR: the note was written from de-identified
/// context, so its text carries surrogates. Implemented over the re-identification vault, which only write-back's
/// registration can read.
/// </summary>
public interface INoteReidentifier
{
    /// <exception cref="HealthMesh.Deidentification.Vault.ReidentificationDataUnavailableException">The vault was purged or never stored.</exception>
    Task<StructuredNote> ReidentifyAsync(Guid workflowId, StructuredNote note, CancellationToken cancellationToken);
}
