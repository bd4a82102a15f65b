using System.Text.Json;
using HealthMesh.Inference.Models;
using HealthMesh.Inference.Onnx;

namespace HealthMesh.Inference.UnitTests.TestModels;

/// <summary>
/// A one-layer, one-head causal transformer (no positions, no norm) with a key-value cache in the Hugging Face
/// export layout, its BPE vocabulary (single characters and JSON fragments, no merges) and the same computation in C#.
/// </summary>
public sealed class TinyCausalModel(int seed, float scale)
{
    public const int Size = 8;

    public static readonly string[] Vocabulary =
    [
        "<eos>", "{\"title\":\"", "\",\"sections\":[", "{\"code\":\"", "\",\"sentences\":[", "]}", "\"", ",", "{", "}", "[", "]", ":", "\\", " ", ".",
        "subjective", "plan", "objective", "cough", "fever", "lungs", "clear", "a", "b", "c", "e", "n", "o", "t", "x", "1",
    ];

    public int VocabularySize => Vocabulary.Length;

    private float[] E => TinyModels.Weights(seed, VocabularySize * Size, scale);

    private float[] Wq => TinyModels.Weights(seed + 1, Size * Size, scale);

    private float[] Wk => TinyModels.Weights(seed + 2, Size * Size, scale);

    private float[] Wv => TinyModels.Weights(seed + 3, Size * Size, scale);

    private float[] Wo => TinyModels.Weights(seed + 4, Size * VocabularySize, scale);

    public static ModelManifest Manifest => new("tiny-causal", "0.1.0", ModelTask.CausalGeneration, 512,
        new TokenizerManifest(TokenizerKind.Bpe, "vocab.json", "merges.txt", LowerCase: false), "logits",
        Cache: new KeyValueCacheManifest(1), StopTokenIds: [0]);

    public string WriteFolder(string root)
    {
        var folder = Path.Combine(root, $"causal-{seed}-{scale}");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, ModelManifest.ModelFileName), Build());
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(Vocabulary.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i)));
        File.WriteAllText(Path.Combine(folder, "merges.txt"), "#version: 0.2\n");
        File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), ModelManifestReader.Write(Manifest));
        return folder;
    }

    public byte[] Build()
    {
        var f = TensorProto.Types.DataType.Float;
        var g = new OnnxGraphBuilder("tiny-causal")
            .Input("input_ids", TensorProto.Types.DataType.Int64, "batch", "sequence")
            .Input("attention_mask", TensorProto.Types.DataType.Int64, "batch", "total")
            .Input("past_key_values.0.key", f, "batch", 1, "past", Size)
            .Input("past_key_values.0.value", f, "batch", 1, "past", Size);
        var x = g.Node("Gather", [g.Float("embeddings", E, VocabularySize, Size), "input_ids"]);
        var axis1 = g.Int64("axis1", [1], 1);
        string Head(string name, float[] w) => g.Node("Unsqueeze", [g.Node("MatMul", [x, g.Float(name, w, Size, Size)]), axis1]);
        var q = Head("wq", Wq);
        var k = Head("wk", Wk);
        var v = Head("wv", Wv);
        var presentK = g.Node("Concat", ["past_key_values.0.key", k], "present.0.key", OnnxAttribute.Int("axis", 2));
        var presentV = g.Node("Concat", ["past_key_values.0.value", v], "present.0.value", OnnxAttribute.Int("axis", 2));
        var scores = g.Node("Mul", [g.Node("MatMul", [q, g.Node("Transpose", [presentK], attributes: OnnxAttribute.Ints("perm", 0, 1, 3, 2))]), g.Float("scale", [1 / MathF.Sqrt(Size)], 1)]);

        // Causal mask over [new, total]: new position i (absolute past + i) sees total positions j <= past + i.
        var total = g.Node("Shape", [presentK], attributes: [OnnxAttribute.Int("start", 2), OnnxAttribute.Int("end", 3)]);
        var fresh = g.Node("Shape", [q], attributes: [OnnxAttribute.Int("start", 2), OnnxAttribute.Int("end", 3)]);
        var ones = g.Node("ConstantOfShape", [g.Node("Concat", [fresh, total], attributes: OnnxAttribute.Int("axis", 0))], attributes: OnnxAttribute.Tensor("value", OnnxTensors.Float("one", [1f], 1)));
        var offset = g.Node("Squeeze", [g.Node("Sub", [total, fresh])]);
        var causal = g.Node("Trilu", [ones, offset], attributes: OnnxAttribute.Int("upper", 0));
        var padding = g.Node("Unsqueeze", [g.Node("Cast", ["attention_mask"], attributes: OnnxAttribute.Int("to", (long)f)), g.Int64("axes12", [1, 2], 2)]);
        var visible = g.Node("Mul", [causal, padding]);
        var masked = g.Node("Add", [scores, g.Node("Mul", [g.Node("Sub", [visible, g.Float("one_f", [1f], 1)]), g.Float("big", [1e9f], 1)])]);
        var probabilities = g.Node("Softmax", [masked], attributes: OnnxAttribute.Int("axis", -1));
        var context = g.Node("Squeeze", [g.Node("MatMul", [probabilities, presentV]), axis1]);
        var hidden = g.Node("Add", [x, context]);
        g.Node("MatMul", [hidden, g.Float("wo", Wo, Size, VocabularySize)], "logits");
        g.Output("logits", f, "batch", "sequence", VocabularySize)
            .Output("present.0.key", f, "batch", 1, "total", Size)
            .Output("present.0.value", f, "batch", 1, "total", Size);
        return g.ToBytes();
    }

    /// <summary>Next-token logits after <paramref name="ids"/>, computed over the whole sequence without a cache.</summary>
    public float[] NextLogits(IReadOnlyList<long> ids)
    {
        var (e, wq, wk, wv, wo) = (E, Wq, Wk, Wv, Wo);
        float[] Project(long id, float[] w) => [.. Enumerable.Range(0, Size).Select(j => Enumerable.Range(0, Size).Sum(i => e[(id * Size) + i] * w[(i * Size) + j]))];
        var keys = ids.Select(id => Project(id, wk)).ToList();
        var values = ids.Select(id => Project(id, wv)).ToList();
        var q = Project(ids[^1], wq);
        var scores = keys.Select(key => key.Zip(q, (a, b) => a * b).Sum() / MathF.Sqrt(Size)).ToArray();
        var max = scores.Max();
        var weights = scores.Select(s => MathF.Exp(s - max)).ToArray();
        var sum = weights.Sum();
        var hidden = Enumerable.Range(0, Size).Select(j => e[(ids[^1] * Size) + j] + Enumerable.Range(0, ids.Count).Sum(t => weights[t] / sum * values[t][j])).ToArray();
        return [.. Enumerable.Range(0, VocabularySize).Select(c => Enumerable.Range(0, Size).Sum(j => hidden[j] * wo[(j * VocabularySize) + c]))];
    }
}
