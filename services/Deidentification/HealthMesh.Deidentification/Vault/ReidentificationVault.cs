using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// What is needed to put real values back into a note built from de-identified data: every surrogate → original
/// (names, identifiers, dates as rendered, phones...), pseudonymised reference → real reference, and the date offset.
/// Stored per workflow, sealed under the vault's own key ring, by <see cref="IReidentificationVaultWriter"/>; only
/// write-back reads it (<see cref="IReidentificationVaultReader"/>).
/// </summary>
public sealed class ReidentificationVault
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Lazy<Regex?> surrogatePattern;
    private readonly Dictionary<string, string> originalBySurrogate;
    private readonly Dictionary<string, string> originalByReference;

    [JsonConstructor]
    public ReidentificationVault(Guid workflowId, int dateShiftDays, IReadOnlyList<VaultEntry> entries, IReadOnlyDictionary<string, string> references)
    {
        WorkflowId = workflowId;
        DateShiftDays = dateShiftDays;
        Entries = entries;
        References = references;
        originalBySurrogate = entries.GroupBy(e => e.Surrogate, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Original, StringComparer.Ordinal);
        originalByReference = new Dictionary<string, string>(references, StringComparer.Ordinal);
        surrogatePattern = new Lazy<Regex?>(BuildPattern);
    }

    public Guid WorkflowId { get; }

    /// <summary>Days every date of this patient was moved by (original + offset = de-identified).</summary>
    public int DateShiftDays { get; }

    public IReadOnlyList<VaultEntry> Entries { get; }

    /// <summary>Pseudonymised reference (<c>Patient/k3…</c>) → the real one (<c>Patient/123</c>).</summary>
    public IReadOnlyDictionary<string, string> References { get; }

    /// <summary>
    /// Puts the originals back wherever a surrogate stands in <paramref name="text"/>, in one pass, longest surrogate
    /// first, matching whole words only; other text is left exactly as it is.
    /// </summary>
    public string Restore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pattern = surrogatePattern.Value;
        return pattern is null ? text : pattern.Replace(text, m => originalBySurrogate[m.Value]);
    }

    /// <summary>Maps a pseudonymised reference (<c>Type/id</c>, also with a base URL) back to the real <c>Type/id</c>.</summary>
    /// <exception cref="KeyNotFoundException">The reference was not pseudonymised in this workflow.</exception>
    public string RestoreReference(string pseudonymisedReference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pseudonymisedReference);
        if (originalByReference.TryGetValue(pseudonymisedReference, out var original))
        {
            return original;
        }

        var parts = pseudonymisedReference.TrimEnd('/').Split('/');
        if (parts.Length >= 2 && originalByReference.TryGetValue($"{parts[^2]}/{parts[^1]}", out original))
        {
            return original;
        }

        throw new KeyNotFoundException($"Reference '{pseudonymisedReference}' is not a pseudonym known to workflow {WorkflowId}.");
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static ReidentificationVault FromJson(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<ReidentificationVault>(utf8Json, Json)
        ?? throw new InvalidDataException("The re-identification vault document is empty.");

    private Regex? BuildPattern()
    {
        if (originalBySurrogate.Count == 0)
        {
            return null;
        }

        var alternatives = originalBySurrogate.Keys
            .OrderByDescending(s => s.Length)
            .ThenBy(s => s, StringComparer.Ordinal)
            .Select(s => (char.IsLetterOrDigit(s[0]) ? @"(?<![\w])" : string.Empty) + Regex.Escape(s) + (char.IsLetterOrDigit(s[^1]) ? @"(?![\w])" : string.Empty));
        return new Regex(string.Join('|', alternatives), RegexOptions.CultureInvariant);
    }
}
