namespace HealthMesh.Inference.Onnx;

/// <summary>One dimension of a graph input or output: a fixed size or a symbolic name ("batch", "sequence").</summary>
public readonly record struct OnnxDim(long? Value, string? Symbol)
{
    public static implicit operator OnnxDim(long value) => new(value, null);

    public static implicit operator OnnxDim(string symbol) => new(null, symbol);

    public override string ToString() => Symbol ?? Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
