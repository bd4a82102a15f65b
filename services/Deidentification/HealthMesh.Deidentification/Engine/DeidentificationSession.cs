using HealthMesh.Deidentification.Audit;
using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Surrogates;
using HealthMesh.Deidentification.Vault;

namespace HealthMesh.Deidentification.Engine;

/// <summary>
/// State of de-identifying one Bundle: the surrogates chosen so far, the patient's date offset, the vault being
/// built and the count of replaced values. Structured and free-text passes share it so both use the same surrogates.
/// </summary>
public sealed partial class DeidentificationSession
{
    public DeidentificationSession(KeyedHash hash, int pseudonymLength, int dateShiftDays, KnownPhi known)
    {
        Hash = hash;
        Surrogates = new SurrogateRegistry(hash, pseudonymLength);
        DateShiftDays = dateShiftDays;
        Known = known;
        foreach (var token in known.NameTokens.Keys)
        {
            Surrogates.Reserve(token);
        }
    }

    public SurrogateRegistry Surrogates { get; }

    /// <summary>The service key's HMAC, for methods that derive values of their own (perturbation noise).</summary>
    public KeyedHash Hash { get; }

    /// <summary>Counts of what was changed, by identifier kind and method.</summary>
    public DeidentificationAudit Audit { get; } = new();

    public ReidentificationVaultBuilder Vault { get; } = new();

    public KnownPhi Known { get; }

    public int DateShiftDays { get; }

    public int Replaced { get; private set; }

    public void CountReplacement() => Replaced++;

    /// <summary>Shifts a FHIR date/dateTime literal and remembers it (and its date part) for re-identification.</summary>
    public string ShiftFhirDate(string value)
    {
        var shifted = DateShift.ShiftFhirDate(value, DateShiftDays);
        if (shifted != value)
        {
            Vault.Record(shifted, value, SurrogateKind.Date);
            if (shifted.Length > 10 && value.Length > 10)
            {
                Vault.Record(shifted[..10], value[..10], SurrogateKind.Date);
            }

            CountReplacement();
        }

        return shifted;
    }

    public DateTimeOffset ShiftInstant(DateTimeOffset value)
    {
        CountReplacement();
        return value.AddDays(DateShiftDays);
    }

    /// <summary>
    /// <c>Type/id</c>, absolute or versioned, becomes <c>Type/pseudonym</c>; local (<c>#x</c>) and <c>urn:</c>
    /// references are left alone. Returns null for a reference that is not a resource reference at all.
    /// </summary>
    public string? PseudonymiseReference(string reference)
    {
        if (reference.StartsWith('#') || reference.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            return reference;
        }

        var match = ReferencePattern().Match(reference);
        if (!match.Success)
        {
            return null;
        }

        var type = match.Groups["type"].Value;
        var id = match.Groups["id"].Value;
        var pseudonymised = $"{type}/{Surrogates.ResourceId(type, id)}";
        Vault.RecordReference(pseudonymised, $"{type}/{id}");
        CountReplacement();
        return pseudonymised;
    }

    public string PseudonymiseResourceId(string resourceType, string id)
    {
        var pseudonym = Surrogates.ResourceId(resourceType, id);
        Vault.RecordReference($"{resourceType}/{pseudonym}", $"{resourceType}/{id}");
        CountReplacement();
        return pseudonym;
    }

    public string PseudonymiseIdentifier(string value)
    {
        var pseudonym = Surrogates.Identifier(value);
        Vault.Record(pseudonym, value, SurrogateKind.Identifier);
        CountReplacement();
        return pseudonym;
    }

    [GeneratedRegex(@"^(?:.*/)?(?<type>[A-Z][A-Za-z]+)/(?<id>[A-Za-z0-9\-\.]{1,64})(?:/_history/[A-Za-z0-9\-\.]{1,64})?$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
