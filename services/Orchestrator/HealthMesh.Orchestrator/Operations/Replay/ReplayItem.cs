namespace HealthMesh.Orchestrator.Operations.Replay;

/// <summary>One workflow of a replay: what is (or would be) sent, or why it is skipped.</summary>
/// <param name="ReplayOf">The journaled message that selected the workflow (the latest one matching the filters).</param>
/// <param name="MessageType">The message sent: <c>ClinicalEventReceived</c> or <c>ReplayClinicalNoteWorkflow</c>.</param>
/// <param name="State">The workflow's state before the replay; null when the Orchestrator has no row for it.</param>
/// <param name="Sent">True once sent; false for a dry run or a skipped workflow.</param>
public sealed record ReplayItem(
    Guid WorkflowId,
    Guid ReplayOf,
    string ReplayOfType,
    string FromStep,
    string? MessageType,
    string? State,
    string? SkipReason,
    bool Sent);
