namespace HealthMesh.Inference.Generation;

/// <summary>Sorted NFA node set of a <see cref="CharacterGrammar"/>; equal sets are equal states (used as a cache key).</summary>
public sealed class GrammarState(int[] nodes) : IEquatable<GrammarState>
{
    public int[] Nodes { get; } = nodes;

    public bool Equals(GrammarState? other) => other is not null && Nodes.AsSpan().SequenceEqual(other.Nodes);

    public override bool Equals(object? obj) => Equals(obj as GrammarState);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var node in Nodes)
        {
            hash.Add(node);
        }

        return hash.ToHashCode();
    }
}
