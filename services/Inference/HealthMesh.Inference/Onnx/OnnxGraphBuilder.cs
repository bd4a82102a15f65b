using Google.Protobuf;

namespace HealthMesh.Inference.Onnx;

/// <summary>
/// Writes an ONNX model (IR version 8, default-domain opset 17) node by node: how the project's tests build their
/// tiny models and how its trainer exports what it trained. Node outputs get unique names from the op type.
/// </summary>
public sealed class OnnxGraphBuilder(string graphName)
{
    public const long IrVersion = 8;
    public const long OpsetVersion = 17;

    private readonly GraphProto _graph = new() { Name = graphName };
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    public OnnxGraphBuilder Input(string name, TensorProto.Types.DataType type, params OnnxDim[] shape)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, type, shape));
        return this;
    }

    /// <summary>Declares <paramref name="name"/> (already produced by a node) as a graph output.</summary>
    public OnnxGraphBuilder Output(string name, TensorProto.Types.DataType type, params OnnxDim[] shape)
    {
        if (!_names.Contains(name))
        {
            throw new InvalidOperationException($"Graph output '{name}' is produced by no node, input or initializer.");
        }

        _graph.Output.Add(ValueInfo(name, type, shape));
        return this;
    }

    public string Initializer(TensorProto tensor)
    {
        Claim(tensor.Name);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string Float(string name, ReadOnlySpan<float> data, params long[] dims) => Initializer(OnnxTensors.Float(name, data, dims));

    public string Int64(string name, ReadOnlySpan<long> data, params long[] dims) => Initializer(OnnxTensors.Int64(name, data, dims));

    /// <summary>Adds a node with one output; <paramref name="output"/> names it (a graph output), else a fresh name is made.</summary>
    public string Node(string opType, IEnumerable<string> inputs, string? output = null, params AttributeProto[] attributes) =>
        Node(opType, inputs, [output ?? Fresh(opType)], attributes)[0];

    public IReadOnlyList<string> Node(string opType, IEnumerable<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_graph.Node.Count}" };
        foreach (var input in inputs)
        {
            if (input.Length > 0 && !_names.Contains(input))
            {
                throw new InvalidOperationException($"Node {opType} reads '{input}', which nothing before it produces.");
            }

            node.Input.Add(input);
        }

        foreach (var output in outputs)
        {
            Claim(output);
            node.Output.Add(output);
        }

        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    public OnnxGraphBuilder Metadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    public ModelProto Build(string producerName = "HealthMesh", string producerVersion = "1")
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producerName,
            ProducerVersion = producerVersion,
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.MetadataProps.AddRange(_metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new StringStringEntryProto { Key = m.Key, Value = m.Value }));
        return model;
    }

    public byte[] ToBytes() => Build().ToByteArray();

    private string Fresh(string opType)
    {
        var i = _graph.Node.Count;
        string name;
        do
        {
            name = $"{opType.ToLowerInvariant()}_{i++}";
        }
        while (_names.Contains(name));
        return name;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"'{name}' is already defined in graph '{_graph.Name}'.");
        }
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, OnnxDim[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim.Symbol is { } symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = dim.Value ?? throw new ArgumentException($"Dimension of '{name}' has neither size nor name.") });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
