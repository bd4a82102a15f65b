namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// A workflow's re-identification data cannot be had: it was purged (<see cref="Purge"/> says when and why), or it was
/// never stored. Not transient: a retry finds the same. The message names the workflow and the reason, never a value.
/// </summary>
public sealed class ReidentificationDataUnavailableException : Exception
{
    public ReidentificationDataUnavailableException(Guid workflowId, VaultPurge? purge)
        : base(purge is null
            ? $"Workflow {workflowId} has no re-identification vault: its context was never de-identified here."
            : $"The re-identification data of workflow {workflowId} was purged at {purge.PurgedAt:O} ({purge.Reason}); its note cannot be re-identified or written back. A new version of the source resource starts a new workflow.")
    {
        WorkflowId = workflowId;
        Purge = purge;
    }

    public Guid WorkflowId { get; }

    public VaultPurge? Purge { get; }
}
