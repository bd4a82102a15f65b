namespace HealthMesh.Inference.Runtime;

/// <summary>
/// One sequence's slice of a model output: <c>Rows</c> = 1 for a per-sequence output (<c>[batch, n]</c>), else the
/// sequence's real token count (padding cut off) for a per-token output (<c>[batch, sequence, n]</c>); row-major.
/// </summary>
public sealed record SequenceOutput(float[] Values, int Rows, int Columns)
{
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Columns, Columns);
}
