using System.Text.RegularExpressions;
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

    /// <summary>
    /// Two initials as a name is written ("J.S." for John Smith, "E.J." for Eleanor Jane) → the two name parts behind them.
    /// </summary>
    public Dictionary<(char First, char Second), (NamePart First, NamePart Second)> Initials { get; } = [];

    /// <summary>Identifier values (MRN, SSN, account...) found anywhere in the Bundle.</summary>
    public HashSet<string> IdentifierValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Phone numbers (digits only) and e-mail addresses from telecom.</summary>
    public HashSet<string> PhoneDigits { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Emails { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Street lines, cities and districts of the people's addresses.</summary>
    public HashSet<string> AddressParts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// One pattern for every known name token, built on first use after collection: a Bundle has dozens of texts,
    /// and building it per text would cost more than the scrubbing.
    /// </summary>
    public Regex? NamePattern => namePattern ??= NameTokens.Count == 0
        ? null
        : new Regex(
            @"(?<![\w'’-])(?:" + string.Join('|', NameTokens.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).Select(Regex.Escape)) + @")(?![\w-])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private Regex? namePattern;
}
