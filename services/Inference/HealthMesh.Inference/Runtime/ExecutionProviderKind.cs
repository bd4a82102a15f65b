namespace HealthMesh.Inference.Runtime;

public enum ExecutionProviderKind
{
    Cpu,

    /// <summary>NVIDIA CUDA; needs the build with <c>-p:OnnxRuntimeGpu=true</c> and CUDA/cuDNN on the node, else CPU is used.</summary>
    Cuda,
}
