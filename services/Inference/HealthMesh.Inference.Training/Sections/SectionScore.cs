namespace HealthMesh.Inference.Training.Sections;

/// <summary>Sentence-level accuracy and macro-F1 over the sections present in the gold labels.</summary>
public sealed record SectionScore(int Sentences, double Accuracy, double MacroF1)
{
    public static SectionScore Of(IReadOnlyList<(string Gold, string Predicted)> pairs)
    {
        var labels = pairs.Select(p => p.Gold).Distinct().ToList();
        var f1 = labels.Select(label =>
        {
            var tp = pairs.Count(p => p.Gold == label && p.Predicted == label);
            var fp = pairs.Count(p => p.Gold != label && p.Predicted == label);
            var fn = pairs.Count(p => p.Gold == label && p.Predicted != label);
            return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        });
        return new SectionScore(pairs.Count, pairs.Count == 0 ? 0 : pairs.Count(p => p.Gold == p.Predicted) / (double)pairs.Count, labels.Count == 0 ? 0 : f1.Average());
    }
}
