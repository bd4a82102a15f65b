namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>Review quality over a set of decisions; a rate is null when it has nothing to divide by.</summary>
/// <param name="Approved">Approved with or without edits.</param>
/// <param name="Rejected">Rejected or sent back for a new draft.</param>
/// <param name="EditRate">Drafted sentences changed or removed / drafted sentences, over approved notes.</param>
/// <param name="CodeAcceptanceRate">Drafted codes kept / drafted codes, over approved notes.</param>
/// <param name="CodeRemovalRate">Drafted codes removed / drafted codes, over approved notes.</param>
/// <param name="CodeAdditionRate">Codes the reviewer added / codes of the approved notes.</param>
/// <param name="RejectionRate">Rejected or sent back / decisions.</param>
/// <param name="MedianReviewSeconds">From first opening to decision, over decisions whose draft was opened first.</param>
public sealed record QualityMeasures(
    int Decisions,
    int Approved,
    int Rejected,
    double? EditRate,
    double? CodeAcceptanceRate,
    double? CodeRemovalRate,
    double? CodeAdditionRate,
    double? RejectionRate,
    double? MedianReviewSeconds);
