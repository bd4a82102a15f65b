namespace HealthMesh.Summarization.Benchmarks;

/// <param name="RougeL">ROUGE-L F1 of the impression against the gold one; null when the case has no gold impression.</param>
public sealed record CaseResult(
    string Id,
    SetScore Codes,
    IReadOnlyList<string> MissedCodes,
    IReadOnlyList<string> ExtraCodes,
    SetScore Critical,
    int Sentences,
    int GroundedSentences,
    int ProposedCodes,
    int GroundedCodes,
    double? RougeL);
