namespace HealthMesh.Summarization.Benchmarks;

/// <summary>Quality of one engine over the evaluation set (micro-averaged over cases).</summary>
public sealed record EvaluationResult(IReadOnlyList<CaseResult> Cases)
{
    public SetScore Codes => Cases.Aggregate(SetScore.Zero, (sum, c) => sum.Add(c.Codes));

    public SetScore Critical => Cases.Aggregate(SetScore.Zero, (sum, c) => sum.Add(c.Critical));

    public int Sentences => Cases.Sum(c => c.Sentences);

    public double GroundedSentenceShare => Sentences == 0 ? 0 : (double)Cases.Sum(c => c.GroundedSentences) / Sentences;

    public int ProposedCodes => Cases.Sum(c => c.ProposedCodes);

    public double GroundedCodeShare => ProposedCodes == 0 ? 1 : (double)Cases.Sum(c => c.GroundedCodes) / ProposedCodes;

    public int Impressions => Cases.Count(c => c.RougeL is not null);

    public double MeanRougeL => Impressions == 0 ? 0 : Cases.Where(c => c.RougeL is not null).Average(c => c.RougeL!.Value);
}
