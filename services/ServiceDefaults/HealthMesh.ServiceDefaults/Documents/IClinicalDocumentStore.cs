namespace HealthMesh.ServiceDefaults.Documents;

/// <summary>
/// Claim-check store for message bodies too large or too sensitive for the wire. Messages carry the reference only.
/// Writing the same (workflow, name) again replaces the content, so redelivered messages stay idempotent.
/// </summary>
public interface IClinicalDocumentStore
{
    Task<string> PutAsync(Guid workflowId, string name, ReadOnlyMemory<byte> content, DocumentSensitivity sensitivity, CancellationToken cancellationToken = default);

    /// <exception cref="ClinicalDocumentNotFoundException">No document under that reference.</exception>
    Task<byte[]> GetAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Removes every document of a workflow (retention, or after write-back for PHI).</summary>
    Task<int> DeleteWorkflowAsync(Guid workflowId, CancellationToken cancellationToken = default);
}
