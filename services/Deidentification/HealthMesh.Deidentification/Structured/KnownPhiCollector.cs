using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Surrogates;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured;

/// <summary>First pass over a Bundle: what its people are called, reached at and identified by, for the free-text pass.</summary>
public static class KnownPhiCollector
{
    public static KnownPhi Collect(Bundle bundle) => Collect(bundle.Entry.Select(e => e.Resource).OfType<Resource>());

    public static KnownPhi Collect(IEnumerable<Resource> resources)
    {
        var known = new KnownPhi();
        foreach (var resource in resources)
        {
            foreach (var node in Descendants(resource))
            {
                switch (node)
                {
                    case Identifier { Value.Length: >= 4 } identifier:
                        known.IdentifierValues.Add(identifier.Value);
                        break;
                    case HumanName name when IsPersonResource(resource):
                        AddName(known, name);
                        break;
                    case ContactPoint { Value: { } value } point when IsPersonResource(resource):
                        if (point.System == ContactPoint.ContactPointSystem.Email)
                        {
                            known.Emails.Add(value);
                        }
                        else
                        {
                            known.PhoneDigits.Add(new string(value.Where(char.IsDigit).ToArray()));
                        }

                        break;
                    case Address address when IsPersonResource(resource):
                        foreach (var part in address.Line.Append(address.City).Append(address.District).Where(p => !string.IsNullOrWhiteSpace(p) && p.Length >= 3))
                        {
                            known.AddressParts.Add(part!);
                        }

                        break;
                }
            }
        }

        return known;
    }

    /// <summary>Every element under <paramref name="node"/>, depth first.</summary>
    public static IEnumerable<Base> Descendants(Base node)
    {
        foreach (var child in node.EnumerateElements().SelectMany(e => e.Value switch
        {
            Base single => [single],
            System.Collections.IEnumerable many and not string => many.OfType<Base>(),
            _ => [],
        }))
        {
            yield return child;
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static bool IsPersonResource(Resource resource) => resource is Patient or Practitioner or RelatedPerson;

    private static void AddName(KnownPhi known, HumanName name)
    {
        var given = name.Given.OfType<string>().SelectMany(Tokens).ToList();
        var family = Tokens(name.Family ?? string.Empty).ToList();
        foreach (var token in given)
        {
            known.NameTokens.TryAdd(token, SurrogateKind.GivenName);
        }

        foreach (var token in family)
        {
            known.NameTokens.TryAdd(token, SurrogateKind.FamilyName);
        }

        // Consecutive parts give the initials a note may use: given-given ("E.J.") and given-family ("E.M.", "J.M.").
        var parts = given.Select(g => new NamePart(g, SurrogateKind.GivenName)).Concat(family.Take(1).Select(f => new NamePart(f, SurrogateKind.FamilyName))).ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            for (var j = i + 1; j < parts.Count; j++)
            {
                known.Initials.TryAdd((char.ToUpperInvariant(parts[i].Name[0]), char.ToUpperInvariant(parts[j].Name[0])), (parts[i], parts[j]));
            }
        }
    }

    // "Mary-Ann" and "van der Berg" are matched in text part by part; one-letter parts are initials, not names.
    private static IEnumerable<string> Tokens(string name) =>
        name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.Trim('.', ','))
            .Where(t => t.Length >= 2);
}
