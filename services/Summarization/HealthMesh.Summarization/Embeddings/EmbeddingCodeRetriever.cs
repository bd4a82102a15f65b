using HealthMesh.Summarization.Coding;

namespace HealthMesh.Summarization.Embeddings;

/// <summary>
/// Code retrieval by cosine similarity: the phrase's nearest neighbour among every billable code's long description
/// and every dictionary term (embedded once, at start). Only a neighbour at or above the minimum similarity counts;
/// the caller decides where a retrieved code may stand beside the rules (it never replaces them).
/// </summary>
public sealed class EmbeddingCodeRetriever
{
    private readonly ISentenceEmbedder _embedder;
    private readonly double _minSimilarity;
    private readonly IReadOnlyList<string> _codes;
    private readonly IReadOnlyList<float[]> _vectors;

    public EmbeddingCodeRetriever(ISentenceEmbedder embedder, Icd10CodeTable table, ClinicalTermDictionary dictionary, double minSimilarity)
    {
        _embedder = embedder;
        _minSimilarity = minSimilarity;
        var entries = table.Codes.Where(c => c.Billable).OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => (c.Code, Text: c.LongDescription))
            .Concat(dictionary.Terms.Where(t => table.TryGet(t.Code, out var code) && code.Billable).Select(t => (t.Code, Text: t.Term)))
            .ToList();
        _codes = [.. entries.Select(e => e.Code)];
        _vectors = embedder.Embed([.. entries.Select(e => e.Text)])
            ?? throw new InvalidOperationException("The embedding model failed on the code table's descriptions (see the log).");
    }

    /// <summary>The nearest code at or above the minimum similarity, or null.</summary>
    public (string Code, double Similarity)? Nearest(string phrase)
    {
        if (_embedder.Embed([phrase]) is not [var vector])
        {
            return null;
        }

        var (best, similarity) = (-1, double.NegativeInfinity);
        for (var i = 0; i < _vectors.Count; i++)
        {
            var cosine = OnnxSentenceEmbedder.Cosine(vector, _vectors[i]);
            if (cosine > similarity)
            {
                (best, similarity) = (i, cosine);
            }
        }

        return best >= 0 && similarity >= _minSimilarity ? (_codes[best], similarity) : null;
    }
}
