using HealthMesh.Deidentification.Surrogates;

namespace HealthMesh.Deidentification.Vault;

/// <summary>Collects the vault while a Bundle is de-identified; the first original recorded for a surrogate wins.</summary>
public sealed class ReidentificationVaultBuilder
{
    private readonly List<VaultEntry> entries = [];
    private readonly HashSet<string> surrogates = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> references = new(StringComparer.Ordinal);

    public void Record(string surrogate, string original, SurrogateKind kind)
    {
        if (!string.Equals(surrogate, original, StringComparison.Ordinal) && surrogates.Add(surrogate))
        {
            entries.Add(new VaultEntry(surrogate, original, kind));
        }
    }

    public void RecordReference(string pseudonymised, string original) => references.TryAdd(pseudonymised, original);

    public ReidentificationVault Build(Guid workflowId, int dateShiftDays) =>
        new(workflowId, dateShiftDays, entries.ToList(), new Dictionary<string, string>(references, StringComparer.Ordinal));
}
