using HealthMesh.Contracts;

namespace HealthMesh.WriteBack.Reidentification;

/// <summary>
/// Puts the real values back into an approved note before it goes to the EHR: the note was written from de-identified
/// context, so its text carries surrogates. Implemented over the re-identification vault (PHI document <c>reid-vault</c>),
/// which only write-back may read; the host binds the implementation.
/// </summary>
public interface INoteReidentifier
{
    Task<StructuredNote> ReidentifyAsync(Guid workflowId, StructuredNote note, CancellationToken cancellationToken);
}
