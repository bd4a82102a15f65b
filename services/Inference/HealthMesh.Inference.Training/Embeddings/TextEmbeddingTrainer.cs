using HealthMesh.Inference.Models;
using HealthMesh.Inference.Onnx;
using HealthMesh.Inference.Tokenization;
using HealthMesh.Inference.Training.Optimization;
using HealthMesh.Inference.Training.Sections;

namespace HealthMesh.Inference.Training.Embeddings;

/// <summary>
/// Trains the text-embedding model — token embeddings and an attention-masked mean (the vector is L2-normalised by
/// the runtime) — contrastively: each code phrase must be nearer its code's description than any other code's
/// (softmax over the cosine similarities to all descriptions, temperature <see cref="Temperature"/>), by full-batch
/// Adam in plain C# (TorchSharp-cpu cannot load here: its native library needs GLIBCXX_3.4.32). Words of the notes'
/// training sentences are in the vocabulary too: untrained, their random vectors make the mean a random projection of
/// the bag of words, so sentences the code data never saw still compare by the words they share. One thread, fixed
/// summation order and a seeded initialisation: the same data gives the same bytes.
/// </summary>
public static class TextEmbeddingTrainer
{
    public const string ModelName = "text-embedding";
    public const int Hidden = 64;
    public const int MaxLength = 64;
    public const int Epochs = 200;
    public const double LearningRate = 0.02;
    public const double WeightDecay = 1e-5;
    public const double Temperature = 0.1;
    public const int Seed = 20261124;

    public static ModelManifest Train(CodeTextCorpus corpus, IEnumerable<string> noteSentences, string folder, TextWriter log)
    {
        Directory.CreateDirectory(folder);
        // Code phrases count twice so that every word of the code data is kept (the vocabulary keeps words seen twice).
        var codeTexts = corpus.Prototypes.Concat(corpus.Training.Select(t => t.Text)).ToList();
        var vocabulary = SectionVocabulary.Build(codeTexts.Concat(codeTexts).Concat(noteSentences));
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), vocabulary);
        var tokenizerManifest = new TokenizerManifest(TokenizerKind.WordPiece, "vocab.txt");
        var tokenizer = ModelTokenizer.Load(folder, tokenizerManifest);
        var prototypes = corpus.Prototypes.Select(t => tokenizer.Encode(t, MaxLength).Ids).ToArray();
        var anchors = corpus.Training.Select(t => tokenizer.Encode(t.Text, MaxLength).Ids).ToArray();
        var targets = corpus.Training.Select(t => t.Code).ToArray();

        var (v, h, k, n) = (vocabulary.Count, Hidden, prototypes.Length, anchors.Length);
        var random = new Random(Seed);
        var embeddings = Enumerable.Range(0, v * h).Select(_ => Normal(random)).ToArray();
        var adam = new Adam(embeddings.Length, LearningRate, WeightDecay);
        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            var (p, pNorm) = Encode(embeddings, prototypes, h);
            var (a, aNorm) = Encode(embeddings, anchors, h);
            var dP = new double[k * h];
            var dA = new double[n * h];
            var loss = 0.0;
            var correct = 0;
            var logits = new double[k];
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < k; c++)
                {
                    logits[c] = Dot(a, i, p, c, h) / Temperature;
                }

                var max = logits.Max();
                var z = logits.Sum(l => Math.Exp(l - max));
                loss += -(logits[targets[i]] - max - Math.Log(z)) / n;
                correct += Array.IndexOf(logits, max) == targets[i] ? 1 : 0;
                for (var c = 0; c < k; c++)
                {
                    var d = ((Math.Exp(logits[c] - max) / z) - (c == targets[i] ? 1 : 0)) / (n * Temperature);
                    for (var j = 0; j < h; j++)
                    {
                        dA[(i * h) + j] += d * p[(c * h) + j];
                        dP[(c * h) + j] += d * a[(i * h) + j];
                    }
                }
            }

            var gradient = new double[embeddings.Length];
            Backward(gradient, dA, a, aNorm, anchors, h);
            Backward(gradient, dP, p, pNorm, prototypes, h);
            adam.Step(embeddings, gradient, epoch);
            if (epoch % 25 == 0)
            {
                log.WriteLine($"epoch {epoch}: contrastive loss {loss:F4}, training phrases nearest their own code {correct}/{n}");
            }
        }

        var graph = new OnnxGraphBuilder(ModelName).TokenInputs();
        var table = graph.Float("embeddings", [.. embeddings.Select(x => (float)x)], v, h);
        graph.Node("Identity", [graph.MaskedMean(graph.Node("Gather", [table, OnnxEncoderGraphs.InputIds]))], "embedding");
        graph.Output("embedding", TensorProto.Types.DataType.Float, "batch", h);
        graph.Metadata("training.corpus", "ICD-10-CM starter table descriptions and clinical-term dictionary phrases (contrastive), plus the vocabulary of samples/summarization-eval tuning-split notes");
        graph.Metadata("training.command", "dotnet run -c Release --project services/Inference/HealthMesh.Inference.Training -- text-embedding");
        File.WriteAllBytes(Path.Combine(folder, ModelManifest.ModelFileName), graph.ToBytes());

        var manifest = new ModelManifest(ModelName, "1.0.0", ModelTask.TextEmbedding, MaxLength, tokenizerManifest, "embedding");
        File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), ModelManifestReader.Write(manifest));
        return manifest;
    }

    /// <summary>Unit vectors (row-major) of the masked means of the sequences' token embeddings, and the means' norms.</summary>
    private static (double[] Vectors, double[] Norms) Encode(double[] embeddings, long[][] sequences, int h)
    {
        var vectors = new double[sequences.Length * h];
        var norms = new double[sequences.Length];
        for (var i = 0; i < sequences.Length; i++)
        {
            foreach (var id in sequences[i])
            {
                for (var j = 0; j < h; j++)
                {
                    vectors[(i * h) + j] += embeddings[(id * h) + j] / sequences[i].Length;
                }
            }

            var norm = 0.0;
            for (var j = 0; j < h; j++)
            {
                norm += vectors[(i * h) + j] * vectors[(i * h) + j];
            }

            norms[i] = Math.Sqrt(norm);
            for (var j = 0; j < h; j++)
            {
                vectors[(i * h) + j] /= norms[i];
            }
        }

        return (vectors, norms);
    }

    /// <summary>Through the L2 normalisation (d mean = (d u − u (u·d u)) / |mean|) and the mean, onto the token rows.</summary>
    private static void Backward(double[] gradient, double[] dUnit, double[] unit, double[] norms, long[][] sequences, int h)
    {
        for (var i = 0; i < sequences.Length; i++)
        {
            var projection = 0.0;
            for (var j = 0; j < h; j++)
            {
                projection += unit[(i * h) + j] * dUnit[(i * h) + j];
            }

            foreach (var id in sequences[i])
            {
                for (var j = 0; j < h; j++)
                {
                    gradient[(id * h) + j] += (dUnit[(i * h) + j] - (unit[(i * h) + j] * projection)) / norms[i] / sequences[i].Length;
                }
            }
        }
    }

    private static double Dot(double[] a, int i, double[] b, int c, int h)
    {
        var sum = 0.0;
        for (var j = 0; j < h; j++)
        {
            sum += a[(i * h) + j] * b[(c * h) + j];
        }

        return sum;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
