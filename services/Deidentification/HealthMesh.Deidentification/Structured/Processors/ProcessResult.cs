using HealthMesh.Deidentification.Engine;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <param name="Changes">What was done, for <c>meta.security</c>.</param>
/// <param name="Count">Values replaced, removed or generalised, for the audit.</param>
public readonly record struct ProcessResult(ResourceChanges Changes, int Count)
{
    public static ProcessResult Unchanged => default;

    public static ProcessResult Of(ResourceChanges changes, int count = 1) => count == 0 ? default : new(changes, count);
}
