namespace HealthMesh.Inference.Onnx;

/// <summary>
/// Graph pieces shared by the models the project writes itself (tests' tiny models, the trained section
/// classifier): token inputs and attention-masked mean pooling.
/// </summary>
public static class OnnxEncoderGraphs
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";

    /// <summary>Declares <c>input_ids</c> and <c>attention_mask</c>, int64 <c>[batch, sequence]</c>.</summary>
    public static OnnxGraphBuilder TokenInputs(this OnnxGraphBuilder graph) => graph
        .Input(InputIds, TensorProto.Types.DataType.Int64, "batch", "sequence")
        .Input(AttentionMask, TensorProto.Types.DataType.Int64, "batch", "sequence");

    /// <summary>Mean of <paramref name="hidden"/> <c>[batch, sequence, d]</c> over positions whose mask is 1 → <c>[batch, d]</c>.</summary>
    public static string MaskedMean(this OnnxGraphBuilder graph, string hidden)
    {
        var mask = graph.Node("Cast", [AttentionMask], attributes: OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float));
        var axis2 = graph.Int64($"axis2_{hidden}", [2], 1);
        var axis1 = graph.Int64($"axis1_{hidden}", [1], 1);
        var mask3 = graph.Node("Unsqueeze", [mask, axis2]);
        var masked = graph.Node("Mul", [hidden, mask3]);
        var sum = graph.Node("ReduceSum", [masked, axis1], attributes: OnnxAttribute.Int("keepdims", 0));
        var count = graph.Node("ReduceSum", [mask, axis1], attributes: OnnxAttribute.Int("keepdims", 1));
        var floor = graph.Float($"one_{hidden}", [1f], 1);
        return graph.Node("Div", [sum, graph.Node("Max", [count, floor])]);
    }
}
