using HealthMesh.Deidentification.Surrogates;

namespace HealthMesh.Deidentification.Engine;

/// <summary>
/// The identifiers a Bundle itself tells us about its people (patient, relatives, practitioners): what free text is
/// searched for before any pattern runs, since a name in a note is only recognisable because the record names it.
/// </summary>
public sealed class KnownPhi
{
    /// <summary>Name token (lower case) → whether it is a given or a family name.</summary>
    public Dictionary<string, SurrogateKind> NameTokens { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>(given initial, family initial) → that person's first given and family name, for "J.S." in text.</summary>
    public Dictionary<(char Given, char Family), (string Given, string Family)> Initials { get; } = [];

    /// <summary>Identifier values (MRN, SSN, account...) found anywhere in the Bundle.</summary>
    public HashSet<string> IdentifierValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Phone numbers (digits only) and e-mail addresses from telecom.</summary>
    public HashSet<string> PhoneDigits { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Emails { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Street lines, cities and districts of the people's addresses.</summary>
    public HashSet<string> AddressParts { get; } = new(StringComparer.OrdinalIgnoreCase);
}
