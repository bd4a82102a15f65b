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
            : $"The re-identification data of workflow {workflowId} was purged at {purge.PurgedAt:O} ({purge.Reason}); the note cannot be re-identified. Start a new workflow for the source event if it is still wanted.")
    {
        WorkflowId = workflowId;
        Purge = purge;
    }

    public Guid WorkflowId { get; }

    public VaultPurge? Purge { get; }
}
