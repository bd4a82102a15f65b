namespace HealthMesh.Deidentification.Audit;

/// <summary>
/// What de-identifying one Bundle changed, as counts by identifier kind and method; never a value, so it may be stored
/// and shown to operators.
/// </summary>
public sealed class DeidentificationAudit
{
    private readonly SortedDictionary<(string Kind, string Method), int> counts = [];

    public void Count(string kind, string method, int count = 1)
    {
        if (count > 0)
        {
            counts[(kind, method)] = counts.GetValueOrDefault((kind, method)) + count;
        }
    }

    /// <summary>Kind, method and count, ordered by kind then method.</summary>
    public IReadOnlyList<AuditCount> Counts => counts.Select(c => new AuditCount(c.Key.Kind, c.Key.Method, c.Value)).ToList();
}
