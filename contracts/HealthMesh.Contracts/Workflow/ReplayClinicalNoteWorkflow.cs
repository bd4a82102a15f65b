namespace HealthMesh.Contracts;

/// <summary>
/// An operator replays a note workflow from <paramref name="FromStep"/> (deidentify, draft or write-back), also when the
/// workflow already finished. <paramref name="ReplayOf"/> is the journaled message the replay was selected by and
/// <paramref name="ReplayBatchId"/> the batch it belongs to. A draft replay of a workflow whose draft was already
/// reviewed redrafts it only when <paramref name="SupersedeReviewed"/> is set.
/// </summary>
public sealed record ReplayClinicalNoteWorkflow(
    Guid WorkflowId,
    string FromStep,
    Guid ReplayBatchId,
    Guid ReplayOf,
    string RequestedBy,
    bool SupersedeReviewed);
