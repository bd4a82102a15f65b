using HealthMesh.Inference.Models;
using HealthMesh.Inference.Onnx;
using Google.Protobuf;

namespace HealthMesh.Inference.UnitTests.TestModels;

/// <summary>
/// Tiny models for each task contract, written with the project's ONNX writer from seeded random weights, and the
/// same computations done in plain C# (the references ONNX Runtime's outputs are compared with).
/// </summary>
public static class TinyModels
{
    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", ":", "patient", "has", "chest", "pain", "no", "fever", "denies",
        "cough", "blood", "pressure", "is", "high", "plan", "start", "lisinopril", "follow", "up", "in", "weeks", "exam",
        "lungs", "clear", "heart", "regular", "rate", "history", "of", "diabetes", "and", "hypertension", "the", "a", "with",
    ];

    public const int Hidden = 8;
    public static readonly string[] SequenceLabels = ["history", "exam", "plan"];
    public static readonly string[] TokenLabels = ["O", "B-PROBLEM", "I-PROBLEM", "B-DRUG"];

    public static int VocabularySize => Vocabulary.Length;

    public static float[] Weights(int seed, int count, float scale = 0.5f)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale)];
    }

    public static float[] Embeddings => Weights(1, VocabularySize * Hidden);

    public static float[] ClassifierWeights(int classes) => Weights(2, Hidden * classes);

    public static float[] ClassifierBias(int classes) => Weights(3, classes, 0.1f);

    /// <summary>Writes <paramref name="model"/>, a WordPiece vocab.txt and a manifest into a new folder under <paramref name="root"/>.</summary>
    public static string WriteFolder(string root, string name, byte[] model, ModelManifest manifest)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, ModelManifest.ModelFileName), model);
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), Vocabulary);
        File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), ModelManifestReader.Write(manifest));
        return folder;
    }

    public static TokenizerManifest WordPiece => new(TokenizerKind.WordPiece, "vocab.txt");

    // Embedding: last_hidden_state = tanh(E[ids] · W), [batch, sequence, hidden]; pooled in C#.
    public static byte[] Embedding()
    {
        var graph = new OnnxGraphBuilder("tiny-embedding").TokenInputs();
        var table = graph.Float("embeddings", Embeddings, VocabularySize, Hidden);
        var projection = graph.Float("projection", Weights(4, Hidden * Hidden), Hidden, Hidden);
        var gathered = graph.Node("Gather", [table, OnnxEncoderGraphs.InputIds]);
        graph.Node("Tanh", [graph.Node("MatMul", [gathered, projection])], "last_hidden_state");
        graph.Output("last_hidden_state", TensorProto.Types.DataType.Float, "batch", "sequence", Hidden);
        return graph.ToBytes();
    }

    public static float[][] EmbeddingReference(long[] ids)
    {
        var e = Embeddings;
        var w = Weights(4, Hidden * Hidden);
        return [.. ids.Select(id =>
        {
            var row = new float[Hidden];
            for (var j = 0; j < Hidden; j++)
            {
                var sum = 0f;
                for (var k = 0; k < Hidden; k++)
                {
                    sum += e[(id * Hidden) + k] * w[(k * Hidden) + j];
                }

                row[j] = MathF.Tanh(sum);
            }

            return row;
        })];
    }

    // Sequence classification: logits = mean(E[ids] over mask) · W + b, [batch, labels].
    public static byte[] SequenceClassification(int classes, string output = "logits", TensorProto.Types.DataType idsType = TensorProto.Types.DataType.Int64)
    {
        var graph = new OnnxGraphBuilder("tiny-sequence-classification")
            .Input(OnnxEncoderGraphs.InputIds, idsType, "batch", "sequence")
            .Input(OnnxEncoderGraphs.AttentionMask, TensorProto.Types.DataType.Int64, "batch", "sequence");
        var table = graph.Float("embeddings", Embeddings, VocabularySize, Hidden);
        var gathered = graph.Node("Gather", [table, OnnxEncoderGraphs.InputIds]);
        var pooled = graph.MaskedMean(gathered);
        var w = graph.Float("classifier.weight", ClassifierWeights(classes), Hidden, classes);
        var b = graph.Float("classifier.bias", ClassifierBias(classes), classes);
        graph.Node("Add", [graph.Node("MatMul", [pooled, w]), b], output);
        graph.Output(output, TensorProto.Types.DataType.Float, "batch", classes);
        return graph.ToBytes();
    }

    public static float[] SequenceClassificationReference(long[] ids, int classes)
    {
        var e = Embeddings;
        var w = ClassifierWeights(classes);
        var b = ClassifierBias(classes);
        var pooled = new float[Hidden];
        foreach (var id in ids)
        {
            for (var k = 0; k < Hidden; k++)
            {
                pooled[k] += e[(id * Hidden) + k];
            }
        }

        for (var k = 0; k < Hidden; k++)
        {
            pooled[k] /= ids.Length;
        }

        return [.. Enumerable.Range(0, classes).Select(c => b[c] + Enumerable.Range(0, Hidden).Sum(k => pooled[k] * w[(k * classes) + c]))];
    }

    // Token classification: logits = E[ids] · W + b, [batch, sequence, labels].
    public static byte[] TokenClassification(int classes)
    {
        var graph = new OnnxGraphBuilder("tiny-token-classification").TokenInputs();
        var table = graph.Float("embeddings", Embeddings, VocabularySize, Hidden);
        var gathered = graph.Node("Gather", [table, OnnxEncoderGraphs.InputIds]);
        var w = graph.Float("classifier.weight", ClassifierWeights(classes), Hidden, classes);
        var b = graph.Float("classifier.bias", ClassifierBias(classes), classes);
        // The mask takes part (Mul by 1) so the graph reads every input the contract names, as exported encoders do.
        var mask = graph.Node("Unsqueeze", [graph.Node("Cast", [OnnxEncoderGraphs.AttentionMask], attributes: OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float)), graph.Int64("axis2", [2], 1)]);
        graph.Node("Add", [graph.Node("MatMul", [graph.Node("Mul", [gathered, mask]), w]), b], "logits");
        graph.Output("logits", TensorProto.Types.DataType.Float, "batch", "sequence", classes);
        return graph.ToBytes();
    }

    public static float[][] TokenClassificationReference(long[] ids, int classes)
    {
        var e = Embeddings;
        var w = ClassifierWeights(classes);
        var b = ClassifierBias(classes);
        return [.. ids.Select(id => Enumerable.Range(0, classes).Select(c => b[c] + Enumerable.Range(0, Hidden).Sum(k => e[(id * Hidden) + k] * w[(k * classes) + c])).ToArray())];
    }

    public static ModelManifest Manifest(ModelTask task, string output, IReadOnlyList<string>? labels = null, int maxLength = 32) =>
        new("tiny-" + task.ToString().ToLowerInvariant(), "0.1.0", task, maxLength, WordPiece, output, Labels: labels);

    public static byte[] Corrupt(byte[] model) => model.Take(model.Length / 2).ToArray();

    public static ModelProto Parse(byte[] model) => ModelProto.Parser.ParseFrom(model);

    public static byte[] Serialize(ModelProto model) => model.ToByteArray();
}
