namespace HealthMesh.Summarization.Benchmarks;

/// <summary>Micro-averaged counts of predicted against gold items; empty denominators score 1 (nothing to find, nothing wrong).</summary>
public sealed record SetScore(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public static readonly SetScore Zero = new(0, 0, 0);

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static SetScore Of(IEnumerable<string> predicted, IEnumerable<string> gold)
    {
        var p = predicted.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var g = gold.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var hits = p.Count(g.Contains);
        return new SetScore(hits, p.Count - hits, g.Count - hits);
    }

    public SetScore Add(SetScore other) =>
        new(TruePositives + other.TruePositives, FalsePositives + other.FalsePositives, FalseNegatives + other.FalseNegatives);
}
