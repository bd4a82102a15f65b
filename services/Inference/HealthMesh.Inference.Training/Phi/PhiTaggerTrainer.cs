using System.Text.RegularExpressions;
using HealthMesh.Inference.Models;
using HealthMesh.Inference.Onnx;
using HealthMesh.Inference.Tokenization;
using HealthMesh.Inference.Training.Optimization;

namespace HealthMesh.Inference.Training.Phi;

/// <summary>
/// Trains a name tagger (TokenClassification, labels O / B-NAME / I-NAME): each token's logits are a linear function
/// of its own and its two neighbours' embeddings on each side (a 5-token window, zero beyond the line), trained on the
/// first token of each word (the word's label; continuation pieces are not scored) by full-batch Adam in plain C#.
/// The cased WordPiece vocabulary holds the words of the non-name text only, so a name — seen or not — is spelled
/// from letters, and the model has to go by context and shape. Seeded, one thread: the same data gives the same bytes.
/// </summary>
public static partial class PhiTaggerTrainer
{
    public const string ModelName = "phi-tagger";
    public const int Hidden = 24;
    public const int Window = 2;
    public const int MaxLength = 256;
    public const int Epochs = 120;
    public const double LearningRate = 0.02;
    public const double WeightDecay = 1e-5;
    public const int Seed = 20261125;
    public static readonly string[] Labels = ["O", "B-NAME", "I-NAME"];

    public static ModelManifest Train(IReadOnlyList<TaggedLine> lines, string folder, TextWriter log)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), Vocabulary(lines));
        var tokenizerManifest = new TokenizerManifest(TokenizerKind.WordPiece, "vocab.txt", LowerCase: false);
        var tokenizer = ModelTokenizer.Load(folder, tokenizerManifest);
        var examples = lines.Select(l => Example(tokenizer, l)).ToList();
        var counts = new double[Labels.Length];
        foreach (var t in examples.SelectMany(e => e.Targets).Where(t => t >= 0))
        {
            counts[t]++;
        }

        var classWeights = counts.Select(c => Math.Sqrt(counts.Sum() / (Labels.Length * Math.Max(c, 1)))).ToArray();
        var scored = examples.Sum(e => e.Targets.Where(t => t >= 0).Sum(t => classWeights[t]));

        var (v, h, k, span) = (File.ReadAllLines(Path.Combine(folder, "vocab.txt")).Length, Hidden, Labels.Length, (2 * Window) + 1);
        var random = new Random(Seed);
        var embeddings = Enumerable.Range(0, v * h).Select(_ => 0.5 * Normal(random)).ToArray();
        var bound = 1 / Math.Sqrt(span * h);
        var weights = Enumerable.Range(0, span * h * k).Select(_ => ((random.NextDouble() * 2) - 1) * bound).ToArray();
        var bias = new double[k];
        var adam = new[] { new Adam(embeddings.Length, LearningRate, WeightDecay), new Adam(weights.Length, LearningRate, WeightDecay), new Adam(k, LearningRate, WeightDecay) };
        var logits = new double[k];
        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            var gE = new double[embeddings.Length];
            var gW = new double[weights.Length];
            var gB = new double[k];
            var loss = 0.0;
            foreach (var (ids, targets) in examples)
            {
                for (var t = 0; t < ids.Length; t++)
                {
                    if (targets[t] < 0)
                    {
                        continue;
                    }

                    Array.Copy(bias, logits, k);
                    for (var s = 0; s < span; s++)
                    {
                        var p = t + s - Window;
                        if (p < 0 || p >= ids.Length)
                        {
                            continue;
                        }

                        for (var j = 0; j < h; j++)
                        {
                            var x = embeddings[(ids[p] * h) + j];
                            for (var c = 0; c < k; c++)
                            {
                                logits[c] += x * weights[(((s * h) + j) * k) + c];
                            }
                        }
                    }

                    var max = logits.Max();
                    var z = logits.Sum(l => Math.Exp(l - max));
                    var scale = classWeights[targets[t]] / scored;
                    loss += scale * -(logits[targets[t]] - max - Math.Log(z));
                    for (var c = 0; c < k; c++)
                    {
                        var d = scale * ((Math.Exp(logits[c] - max) / z) - (c == targets[t] ? 1 : 0));
                        gB[c] += d;
                        for (var s = 0; s < span; s++)
                        {
                            var p = t + s - Window;
                            if (p < 0 || p >= ids.Length)
                            {
                                continue;
                            }

                            for (var j = 0; j < h; j++)
                            {
                                var w = (((s * h) + j) * k) + c;
                                gW[w] += embeddings[(ids[p] * h) + j] * d;
                                gE[(ids[p] * h) + j] += weights[w] * d;
                            }
                        }
                    }
                }
            }

            adam[0].Step(embeddings, gE, epoch);
            adam[1].Step(weights, gW, epoch);
            adam[2].Step(bias, gB, epoch);
            if (epoch % 20 == 0)
            {
                log.WriteLine($"epoch {epoch}: weighted cross-entropy {loss:F4}");
            }
        }

        WriteGraph(folder, embeddings, weights, bias, v);
        var manifest = new ModelManifest(ModelName, "1.0.0", ModelTask.TokenClassification, MaxLength, tokenizerManifest, "logits", Labels: Labels);
        File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), ModelManifestReader.Write(manifest));
        return manifest;
    }

    /// <summary>Word index of each token that starts a word (its label decides the word's), else −1.</summary>
    public static int[] WordStarts(string text, EncodedText encoded)
    {
        var words = Word().Matches(text).Select(m => m.Index).ToList();
        return [.. encoded.Offsets.Select(o => o.Start >= 0 ? words.IndexOf(o.Start) : -1)];
    }

    public static IEnumerable<(int Start, int Length)> Words(string text) => Word().Matches(text).Select(m => (m.Index, m.Length));

    private static (long[] Ids, int[] Targets) Example(ModelTokenizer tokenizer, TaggedLine line)
    {
        var encoded = tokenizer.Encode(line.Text, MaxLength);
        var starts = WordStarts(line.Text, encoded);
        var targets = new int[encoded.Ids.Length];
        var previousWasName = false;
        for (var t = 0; t < targets.Length; t++)
        {
            if (starts[t] < 0)
            {
                targets[t] = -1;
                continue;
            }

            var (start, _) = encoded.Offsets[t];
            var name = line.Names.FirstOrDefault(n => start >= n.Start && start < n.Start + n.Length);
            var isName = name != default;
            targets[t] = !isName ? 0 : previousWasName && start > name.Start ? 2 : 1;
            previousWasName = isName;
        }

        return (encoded.Ids, targets);
    }

    private static void WriteGraph(string folder, double[] embeddings, double[] weights, double[] bias, int v)
    {
        var (h, k) = (Hidden, Labels.Length);
        var graph = new OnnxGraphBuilder(ModelName).TokenInputs();
        var table = graph.Float("embeddings", [.. embeddings.Select(x => (float)x)], v, h);
        var hidden = graph.Node("Gather", [table, OnnxEncoderGraphs.InputIds]);
        var axis1 = graph.Int64("axis1", [1], 1);
        var zero = graph.Int64("zero", [0], 1);
        var end = graph.Int64("end", [long.MaxValue], 1);
        var shifted = new List<string>();
        for (var s = -Window; s <= Window; s++)
        {
            if (s == 0)
            {
                shifted.Add(hidden);
                continue;
            }

            // Position t reads t + s: pad |s| zero rows on the far side of axis 1, then cut the sequence length back out.
            var n = Math.Abs(s);
            var pads = graph.Int64($"pads{s}", s < 0 ? [0, n, 0, 0, 0, 0] : [0, 0, 0, 0, n, 0], 6);
            var padded = graph.Node("Pad", [hidden, pads]);
            shifted.Add(s < 0
                ? graph.Node("Slice", [padded, zero, graph.Int64($"cut{s}", [-n], 1), axis1])
                : graph.Node("Slice", [padded, graph.Int64($"from{s}", [n], 1), end, axis1]));
        }

        var window = graph.Node("Concat", shifted, attributes: OnnxAttribute.Int("axis", 2));
        var w = graph.Float("classifier.weight", [.. weights.Select(x => (float)x)], ((2 * Window) + 1) * h, k);
        var b = graph.Float("classifier.bias", [.. bias.Select(x => (float)x)], k);
        graph.Node("Add", [graph.Node("MatMul", [window, w]), b], "logits");
        graph.Output("logits", TensorProto.Types.DataType.Float, "batch", "sequence", k);
        graph.Metadata("training.corpus", "de-identification evaluation generator, seed 20261123, 400 notes, names replaced from a training-only pool");
        graph.Metadata("training.command", "dotnet run -c Release --project services/Inference/HealthMesh.Inference.Training -- phi-tagger");
        File.WriteAllBytes(Path.Combine(folder, ModelManifest.ModelFileName), graph.ToBytes());
    }

    /// <summary>Specials, letters and digits (cased) alone and as "##" pieces, punctuation, and the non-name words seen twice.</summary>
    private static IReadOnlyList<string> Vocabulary(IReadOnlyList<TaggedLine> lines)
    {
        var words = lines.SelectMany(l => Words(l.Text).Where(w => !l.Names.Any(n => w.Start < n.Start + n.Length && n.Start < w.Start + w.Length)).Select(w => l.Text.Substring(w.Start, w.Length)))
            .GroupBy(w => w, StringComparer.Ordinal).Where(g => g.Count() >= 2 && g.Key.Length > 1).Select(g => g.Key).Order(StringComparer.Ordinal);
        var characters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".Select(c => c.ToString()).ToList();
        var punctuation = ".,:;/-()%+<>=&'\"#*[]?!@_$~^{}|\\`".Select(c => c.ToString());
        return ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. characters, .. punctuation, .. characters.Select(c => "##" + c), .. words];
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [GeneratedRegex(@"[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
