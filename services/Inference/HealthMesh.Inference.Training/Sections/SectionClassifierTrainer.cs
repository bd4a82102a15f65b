using HealthMesh.Inference.Models;
using HealthMesh.Inference.Onnx;
using HealthMesh.Inference.Tokenization;
using HealthMesh.Inference.Training.Optimization;

namespace HealthMesh.Inference.Training.Sections;

/// <summary>
/// Trains the sentence-section classifier — token embeddings, attention-masked mean, one linear layer, softmax —
/// by full-batch Adam on class-weighted cross-entropy, and exports it through the project's ONNX writer (the graph
/// <see cref="OnnxEncoderGraphs"/> builds). Written out in C# rather than TorchSharp: TorchSharp-cpu 0.107's native
/// library needs libstdc++ GLIBCXX_3.4.32, which Debian 12 lacks. One thread, double-precision sums in a fixed
/// order and a seeded initialisation: the same corpus gives the same bytes.
/// </summary>
public static class SectionClassifierTrainer
{
    public const int Hidden = 48;
    public const int MaxLength = 64;
    public const int Epochs = 300;
    public const double LearningRate = 0.05;
    public const double WeightDecay = 1e-4;
    public const int Seed = 20261123;

    public static ModelManifest Train(IReadOnlyList<LabelledSentence> training, string folder, TextWriter log)
    {
        Directory.CreateDirectory(folder);
        var vocabulary = SectionVocabulary.Build(training.Select(s => s.Text));
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), vocabulary);
        var labels = training.Select(s => s.Section.ToString()).Distinct().Order(StringComparer.Ordinal).ToArray();
        var tokenizerManifest = new TokenizerManifest(TokenizerKind.WordPiece, "vocab.txt");
        var tokenizer = ModelTokenizer.Load(folder, tokenizerManifest);
        var sequences = training.Select(s => tokenizer.Encode(s.Text, MaxLength).Ids).ToArray();
        var targets = training.Select(s => Array.IndexOf(labels, s.Section.ToString())).ToArray();
        // Rarer sections weigh more so that a short section (family history) is not drowned by HPI and exam sentences.
        var classWeights = labels.Select((_, c) => Math.Sqrt(training.Count / (double)(labels.Length * targets.Count(t => t == c)))).ToArray();

        var (v, h, k) = (vocabulary.Count, Hidden, labels.Length);
        var random = new Random(Seed);
        var embeddings = Enumerable.Range(0, v * h).Select(_ => 0.5 * Normal(random)).ToArray();
        var bound = 1 / Math.Sqrt(h);
        var weights = Enumerable.Range(0, h * k).Select(_ => ((random.NextDouble() * 2) - 1) * bound).ToArray();
        var bias = Enumerable.Range(0, k).Select(_ => ((random.NextDouble() * 2) - 1) * bound).ToArray();
        var adam = new[] { new Adam(embeddings.Length, LearningRate, WeightDecay), new Adam(weights.Length, LearningRate, WeightDecay), new Adam(bias.Length, LearningRate, WeightDecay) };

        var weightSum = targets.Sum(t => classWeights[t]);
        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            var gE = new double[embeddings.Length];
            var gW = new double[weights.Length];
            var gB = new double[bias.Length];
            var loss = 0.0;
            var pooled = new double[h];
            var logits = new double[k];
            for (var i = 0; i < sequences.Length; i++)
            {
                var ids = sequences[i];
                Array.Clear(pooled);
                foreach (var id in ids)
                {
                    for (var j = 0; j < h; j++)
                    {
                        pooled[j] += embeddings[(id * h) + j] / ids.Length;
                    }
                }

                for (var c = 0; c < k; c++)
                {
                    logits[c] = bias[c];
                    for (var j = 0; j < h; j++)
                    {
                        logits[c] += pooled[j] * weights[(j * k) + c];
                    }
                }

                var max = logits.Max();
                var z = logits.Sum(l => Math.Exp(l - max));
                var scale = classWeights[targets[i]] / weightSum;
                loss += scale * -(logits[targets[i]] - max - Math.Log(z));
                for (var c = 0; c < k; c++)
                {
                    var d = scale * ((Math.Exp(logits[c] - max) / z) - (c == targets[i] ? 1 : 0));
                    gB[c] += d;
                    for (var j = 0; j < h; j++)
                    {
                        gW[(j * k) + c] += pooled[j] * d;
                        var dPooled = weights[(j * k) + c] * d / ids.Length;
                        foreach (var id in ids)
                        {
                            gE[(id * h) + j] += dPooled;
                        }
                    }
                }
            }

            adam[0].Step(embeddings, gE, epoch);
            adam[1].Step(weights, gW, epoch);
            adam[2].Step(bias, gB, epoch);
            if (epoch % 50 == 0)
            {
                log.WriteLine($"epoch {epoch}: weighted cross-entropy {loss:F4}");
            }
        }

        var graph = new OnnxGraphBuilder("section-classifier").TokenInputs();
        var table = graph.Float("embeddings", Floats(embeddings), v, h);
        var pooledOutput = graph.MaskedMean(graph.Node("Gather", [table, OnnxEncoderGraphs.InputIds]));
        var w = graph.Float("classifier.weight", Floats(weights), h, k);
        var b = graph.Float("classifier.bias", Floats(bias), k);
        graph.Node("Add", [graph.Node("MatMul", [pooledOutput, w]), b], "logits");
        graph.Output("logits", TensorProto.Types.DataType.Float, "batch", k);
        graph.Metadata("training.corpus", "samples/summarization-eval tuning-split notes; labels are the sections their headings give (rule sectionizer)");
        graph.Metadata("training.command", "dotnet run -c Release --project services/Inference/HealthMesh.Inference.Training -- section-classifier");
        File.WriteAllBytes(Path.Combine(folder, ModelManifest.ModelFileName), graph.ToBytes());

        var manifest = new ModelManifest("section-classifier", "1.0.0", ModelTask.SequenceClassification, MaxLength, tokenizerManifest, "logits", Labels: labels);
        File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), ModelManifestReader.Write(manifest));
        return manifest;
    }

    private static float[] Floats(double[] values) => [.. values.Select(x => (float)x)];

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
