namespace HealthMesh.Summarization.Text;

/// <summary>
/// TextRank: sentences are nodes, TF-IDF cosine similarities are edge weights, and a sentence's score is its
/// PageRank centrality, so sentences that share most with the rest of the note rank highest.
/// </summary>
public static class TextRank
{
    private const double Damping = 0.85;
    private const int MaxIterations = 50;
    private const double Tolerance = 1e-6;

    public static IReadOnlyList<double> Scores(IReadOnlyList<string> sentences, TfIdf tfIdf)
    {
        var vectors = sentences.Select(tfIdf.Vector).ToList();
        return Scores(sentences.Count, (i, j) => TfIdf.Cosine(vectors[i], vectors[j]));
    }

    /// <summary>TextRank over <paramref name="n"/> sentences with edge weights from <paramref name="similarity"/> (symmetric, non-negative).</summary>
    public static IReadOnlyList<double> Scores(int n, Func<int, int, double> similarity)
    {
        if (n == 0)
        {
            return [];
        }

        var weights = new double[n, n];
        var outgoing = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (i != j)
                {
                    weights[i, j] = similarity(i, j);
                    outgoing[i] += weights[i, j];
                }
            }
        }

        var scores = Enumerable.Repeat(1.0 / n, n).ToArray();
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var next = new double[n];
            var delta = 0.0;
            for (var j = 0; j < n; j++)
            {
                var rank = 0.0;
                for (var i = 0; i < n; i++)
                {
                    if (outgoing[i] > 0)
                    {
                        rank += weights[i, j] / outgoing[i] * scores[i];
                    }
                }

                next[j] = (1 - Damping) / n + Damping * rank;
                delta += Math.Abs(next[j] - scores[j]);
            }

            scores = next;
            if (delta < Tolerance)
            {
                break;
            }
        }

        return scores;
    }
}
