namespace HealthMesh.Inference.Runtime;

/// <summary>ONNX Runtime graph optimisation levels (constant folding, node fusions, layout changes).</summary>
public enum GraphOptimization
{
    Disabled,
    Basic,
    Extended,
    All,
}
