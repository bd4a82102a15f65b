using System.Globalization;

namespace HealthMesh.Deidentification.Surrogates;

/// <summary>
/// One Bundle's original → surrogate choices. The same original always gets the same surrogate (within the Bundle
/// by memo, across deliveries by the keyed hash), and two originals never share one, so the mapping can be reversed.
/// </summary>
public sealed class SurrogateRegistry(KeyedHash hash, int pseudonymLength)
{
    private readonly Dictionary<(SurrogateKind Kind, string Original), string> byOriginal = [];
    private readonly HashSet<(SurrogateKind Kind, string Surrogate)> taken = [];
    private readonly HashSet<string> reservedWords = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Words a surrogate must never be (the real names of this Bundle), so surrogates never look like originals.</summary>
    public void Reserve(string word) => reservedWords.Add(word);

    public string GivenName(string original) => Name(SurrogateKind.GivenName, SurrogateNames.Given, "given", original);

    public string FamilyName(string original) => Name(SurrogateKind.FamilyName, SurrogateNames.Family, "family", original);

    /// <summary>An identifier value (MRN, SSN in an identifier, account number...): a keyed pseudonym, upper case.</summary>
    public string Identifier(string original) =>
        Choose(SurrogateKind.Identifier, original, attempt => hash.Token("identifier", Salt(original, attempt), pseudonymLength).ToUpperInvariant());

    /// <summary>A resource id, unique per resource type, so <c>Patient/x</c> becomes the same <c>Patient/y</c> everywhere.</summary>
    public string ResourceId(string resourceType, string id) =>
        Choose(SurrogateKind.ResourceId, $"{resourceType}/{id}", attempt => hash.Token("resource-id", Salt($"{resourceType}/{id}", attempt), pseudonymLength));

    /// <summary>A phone number in the reserved fictional 555-01xx range.</summary>
    public string Phone(string digits) =>
        Choose(SurrogateKind.Phone, digits, attempt =>
            string.Create(CultureInfo.InvariantCulture, $"555-555-{100 + (hash.Number("phone", digits, attempt) % 100):D4}"));

    public string Email(string original) =>
        Choose(SurrogateKind.Email, original.ToLowerInvariant(), attempt => $"contact-{hash.Token("email", Salt(original.ToLowerInvariant(), attempt), 8)}@example.org");

    /// <summary>An SSN-shaped value with area 9xx, which is never issued.</summary>
    public string Ssn(string digits) =>
        Choose(SurrogateKind.Ssn, digits, attempt =>
        {
            var n = hash.Number("ssn", digits, attempt);
            return string.Create(CultureInfo.InvariantCulture, $"9{n % 100:D2}-{n / 100 % 100:D2}-{n / 10_000 % 10_000:D4}");
        });

    public string Url(string original) =>
        Choose(SurrogateKind.Url, original, attempt => $"https://redacted.example/{hash.Token("url", Salt(original, attempt), 10)}");

    /// <summary>An address in TEST-NET-1 (RFC 5737).</summary>
    public string IpAddress(string original) =>
        Choose(SurrogateKind.IpAddress, original, attempt =>
            string.Create(CultureInfo.InvariantCulture, $"192.0.2.{1 + (hash.Number("ip", original, attempt) % 254)}"));

    private static string Salt(string value, int attempt) => attempt == 0 ? value : $"{value}#{attempt}";

    // Past the list's size a suffix keeps names unique in Bundles with very many people. A name taken by another
    // original is drawn again from the same HMAC (eight draws per hash), so collisions cost no further hashing.
    private string Name(SurrogateKind kind, IReadOnlyList<string> names, string domain, string original)
    {
        var key = original.ToLowerInvariant();
        byte[]? digest = null;
        return Choose(kind, key, attempt =>
        {
            digest ??= hash.Compute(domain, key);
            var name = names[(int)(KeyedHash.Number(digest, attempt) % (uint)names.Count)];
            return attempt < 4 * names.Count ? name : $"{name}-{hash.Token(domain, Salt(key, attempt), 4)}";
        });
    }

    private string Choose(SurrogateKind kind, string original, Func<int, string> draw)
    {
        if (byOriginal.TryGetValue((kind, original), out var existing))
        {
            return existing;
        }

        for (var attempt = 0; attempt < 4096; attempt++)
        {
            var candidate = draw(attempt);
            if (!reservedWords.Contains(candidate) && taken.Add((kind, candidate)))
            {
                byOriginal[(kind, original)] = candidate;
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free {kind} surrogate left for this Bundle.");
    }
}
