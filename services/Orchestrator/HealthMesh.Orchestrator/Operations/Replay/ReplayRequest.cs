namespace HealthMesh.Orchestrator.Operations.Replay;

/// <summary>
/// Which journaled messages to replay and from which step. Filters as in the journal (time range on when the message was
/// sent, <paramref name="From"/> inclusive, <paramref name="To"/> exclusive); a time range or workflow ids are required,
/// so a replay never takes the whole journal by accident. Each selected workflow is replayed once. Who asked is the
/// signed-in operator, never a body field: a <c>requestedBy</c> in the body (CLIs before this change sent one) is ignored,
/// so the journal and the saga cannot be told someone else replayed.
/// </summary>
/// <param name="FromStep">intake, deidentify, draft or write-back.</param>
/// <param name="DryRun">Only show what would be sent.</param>
/// <param name="RatePerSecond">At most this many messages per second (default 50).</param>
/// <param name="BatchId">Continue a replay batch (the CLI sends a batch in chunks); a new id when absent.</param>
/// <param name="SupersedeReviewed">A draft replay also redrafts workflows whose draft was already reviewed.</param>
public sealed record ReplayRequest(
    string FromStep,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? SourceSystem = null,
    string? ResourceType = null,
    IReadOnlyList<Guid>? WorkflowIds = null,
    string? MessageType = null,
    string? Outcome = null,
    string? Step = null,
    bool DryRun = false,
    double? RatePerSecond = null,
    Guid? BatchId = null,
    bool SupersedeReviewed = false);
