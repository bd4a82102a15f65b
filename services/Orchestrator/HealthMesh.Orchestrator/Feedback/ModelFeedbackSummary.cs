namespace HealthMesh.Orchestrator.Feedback;

/// <summary>How reviewers received one drafting engine version's notes.</summary>
/// <param name="AcceptanceRate">Approved (with or without edits) / decisions.</param>
/// <param name="EditRate">Approved with edits / approved.</param>
/// <param name="CodeAcceptanceRate">Drafted codes kept / drafted codes, over approved notes.</param>
/// <param name="MedianSecondsSpent">Over decisions whose draft a reviewer opened first; null when none was.</param>
public sealed record ModelFeedbackSummary(
    string EngineName,
    string EngineVersion,
    int Decisions,
    int Approved,
    int ApprovedWithEdits,
    int Rejected,
    int RegenerationRequested,
    double? AcceptanceRate,
    double? EditRate,
    double? CodeAcceptanceRate,
    double? MedianSecondsSpent);
