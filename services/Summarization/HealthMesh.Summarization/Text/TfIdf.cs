namespace HealthMesh.Summarization.Text;

/// <summary>TF-IDF vectors over a small corpus (one note's sentences and facts) and their cosine similarity.</summary>
public sealed class TfIdf
{
    private readonly Dictionary<string, double> idf;

    public TfIdf(IEnumerable<string> corpus)
    {
        var documents = corpus.Select(d => Tokenizer.Tokens(d).ToHashSet()).ToList();
        var count = Math.Max(1, documents.Count);
        idf = documents.SelectMany(d => d)
            .GroupBy(t => t)
            .ToDictionary(g => g.Key, g => Math.Log((1.0 + count) / (1.0 + g.Count())) + 1.0);
    }

    public IReadOnlyDictionary<string, double> Vector(string text)
    {
        var tokens = Tokenizer.Tokens(text);
        return tokens.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count() * idf.GetValueOrDefault(g.Key, 1.0));
    }

    public static double Cosine(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var dot = a.Sum(kv => b.TryGetValue(kv.Key, out var w) ? kv.Value * w : 0);
        var norm = Math.Sqrt(a.Values.Sum(v => v * v)) * Math.Sqrt(b.Values.Sum(v => v * v));
        return norm == 0 ? 0 : dot / norm;
    }
}
