namespace HealthMesh.Inference.Runtime;

/// <summary>Which execution provider a session asked for, which one it got, and why they differ.</summary>
public sealed record ExecutionProviderSelection(ExecutionProviderKind Requested, ExecutionProviderKind Actual, int? DeviceId, string? FallbackReason)
{
    public bool FellBack => Requested != Actual;
}
