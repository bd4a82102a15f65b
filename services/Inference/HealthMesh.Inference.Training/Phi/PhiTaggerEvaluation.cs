using HealthMesh.Deidentification.Benchmarks.EvalSet;
using HealthMesh.Inference.Runtime;

namespace HealthMesh.Inference.Training.Phi;

/// <summary>Word-level NAME recall and precision of the tagger on notes run line by line (a word takes its first token's label).</summary>
public static class PhiTaggerEvaluation
{
    public sealed record Result(int Gold, int Found, int Predicted, int Right)
    {
        public double Recall => Gold == 0 ? 1 : Found / (double)Gold;

        public double Precision => Predicted == 0 ? 1 : Right / (double)Predicted;
    }

    public static Result Score(OnnxModel model, IReadOnlyList<EvalNote> notes)
    {
        var (gold, found, predicted, right) = (0, 0, 0, 0);
        foreach (var note in notes)
        {
            foreach (var line in PhiTaggerCorpus.Lines(note.Text, note.Labels.Spans))
            {
                var names = Names(model, line.Text);
                foreach (var (start, length) in PhiTaggerTrainer.Words(line.Text))
                {
                    var isGold = line.Names.Any(n => start < n.Start + n.Length && n.Start < start + length);
                    var isPredicted = names.Contains(start);
                    gold += isGold ? 1 : 0;
                    found += isGold && isPredicted ? 1 : 0;
                    predicted += isPredicted ? 1 : 0;
                    right += isPredicted && isGold ? 1 : 0;
                }
            }
        }

        return new Result(gold, found, predicted, right);
    }

    /// <summary>Start offsets of the words of <paramref name="text"/> the tagger labels as a name.</summary>
    public static HashSet<int> Names(OnnxModel model, string text)
    {
        var encoded = model.Encode(text);
        var output = model.RunBatch([encoded])[0];
        var starts = PhiTaggerTrainer.WordStarts(text, encoded);
        var names = new HashSet<int>();
        for (var t = 0; t < output.Rows; t++)
        {
            if (starts[t] >= 0 && ArgMax(output.Row(t)) != 0)
            {
                names.Add(encoded.Offsets[t].Start);
            }
        }

        return names;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
