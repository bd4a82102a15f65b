using HealthMesh.Inference.Models;
using HealthMesh.Inference.Onnx;

namespace HealthMesh.Inference.Benchmarks;

/// <summary>
/// Sentence classifiers for timing (random weights): embeddings, two residual feed-forward blocks (Tanh), masked
/// mean pooling, 16 labels. "base": BERT-base vocabulary, 256 → 1024 → 256 (~36 MB); "small": the size of the
/// shipped section classifier, 8k vocabulary, 64 → 256 → 64 (~2 MB).
/// </summary>
public sealed record BenchmarkModel(string Name, int Vocabulary, int Hidden, int Inner)
{
    public const int Labels = 16;

    public static readonly BenchmarkModel Base = new("base", 30522, 256, 1024);
    public static readonly BenchmarkModel Small = new("small", 8192, 64, 256);

    public override string ToString() => $"{Name}: {Vocabulary} tokens × {Hidden}, 2 blocks {Hidden}→{Inner}→{Hidden}, {Labels} labels";

    public string Write(string root)
    {
        var random = new Random(11);
        float[] Weights(int count, float scale) => [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale)];

        var graph = new OnnxGraphBuilder("benchmark-classifier").TokenInputs();
        var hidden = graph.Node("Gather", [graph.Float("embeddings", Weights(Vocabulary * Hidden, 0.1f), Vocabulary, Hidden), OnnxEncoderGraphs.InputIds]);
        for (var layer = 0; layer < 2; layer++)
        {
            var up = graph.Node("Add", [graph.Node("MatMul", [hidden, graph.Float($"l{layer}.up", Weights(Hidden * Inner, 0.06f), Hidden, Inner)]), graph.Float($"l{layer}.up.bias", Weights(Inner, 0.01f), Inner)]);
            var down = graph.Node("MatMul", [graph.Node("Tanh", [up]), graph.Float($"l{layer}.down", Weights(Inner * Hidden, 0.03f), Inner, Hidden)]);
            hidden = graph.Node("Add", [hidden, down]);
        }

        var pooled = graph.MaskedMean(hidden);
        graph.Node("Add", [graph.Node("MatMul", [pooled, graph.Float("classifier", Weights(Hidden * Labels, 0.1f), Hidden, Labels)]), graph.Float("classifier.bias", Weights(Labels, 0.01f), Labels)], "logits");
        graph.Output("logits", TensorProto.Types.DataType.Float, "batch", Labels);

        var folder = Path.Combine(root, Name);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, ModelManifest.ModelFileName), graph.ToBytes());
        var words = Enumerable.Range(0, Vocabulary - 5).Select(i => $"w{i}");
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. words]);
        var manifest = new ModelManifest(Name, "0", ModelTask.SequenceClassification, 128, new TokenizerManifest(TokenizerKind.WordPiece, "vocab.txt"), "logits",
            Labels: [.. Enumerable.Range(0, Labels).Select(i => $"label{i}")]);
        File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), ModelManifestReader.Write(manifest));
        return folder;
    }
}
