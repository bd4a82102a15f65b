using HealthMesh.Summarization.Text;

namespace HealthMesh.Inference.Training.Embeddings;

/// <summary>
/// Code retrieval on phrases the model never trained on: is the nearest code description (cosine) the phrase's own
/// code? Beside a lexical baseline, TF-IDF cosine over the same descriptions (what the summarizer's rules compare by).
/// </summary>
public static class RetrievalEvaluation
{
    public static (double Lexical, double Model) TopOneAccuracy(CodeTextCorpus corpus, Func<IReadOnlyList<string>, IReadOnlyList<float[]>> embed)
    {
        var tfIdf = new TfIdf(corpus.Prototypes);
        var lexicalPrototypes = corpus.Prototypes.Select(tfIdf.Vector).ToList();
        var prototypes = embed(corpus.Prototypes);
        var phrases = embed([.. corpus.HeldOut.Select(h => h.Text)]);
        var lexical = 0;
        var model = 0;
        for (var i = 0; i < corpus.HeldOut.Count; i++)
        {
            var vector = tfIdf.Vector(corpus.HeldOut[i].Text);
            lexical += ArgMax(lexicalPrototypes.Select(p => TfIdf.Cosine(vector, p))) == corpus.HeldOut[i].Code ? 1 : 0;
            model += ArgMax(prototypes.Select(p => (double)Dot(p, phrases[i]))) == corpus.HeldOut[i].Code ? 1 : 0;
        }

        return (lexical / (double)corpus.HeldOut.Count, model / (double)corpus.HeldOut.Count);
    }

    public static float Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static int ArgMax(IEnumerable<double> values)
    {
        var (best, index, max) = (-1, 0, double.NegativeInfinity);
        foreach (var value in values)
        {
            if (value > max)
            {
                (best, max) = (index, value);
            }

            index++;
        }

        return best;
    }
}
