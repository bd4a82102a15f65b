namespace HealthMesh.Orchestrator.Feedback;

/// <summary>What the reviewer changed between the draft and the approved note.</summary>
/// <param name="SentencesDrafted">Sentences in the draft.</param>
/// <param name="Sentences">Changed, removed and added sentences.</param>
/// <param name="CodesAccepted">Drafted codes kept (system|code).</param>
/// <param name="CodesRemoved">Drafted codes the reviewer removed.</param>
/// <param name="CodesAdded">Codes the reviewer added.</param>
public sealed record FeedbackDiff(
    int SentencesDrafted,
    IReadOnlyList<SentenceChange> Sentences,
    IReadOnlyList<string> CodesAccepted,
    IReadOnlyList<string> CodesRemoved,
    IReadOnlyList<string> CodesAdded);
