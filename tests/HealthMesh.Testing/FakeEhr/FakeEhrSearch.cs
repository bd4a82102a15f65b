using Hl7.Fhir.Model;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace HealthMesh.Testing.FakeEhr;

/// <summary>
/// The search parameters HealthMesh uses, with R4 semantics: reference (<c>patient</c>, <c>subject</c>, <c>encounter</c>),
/// token (<c>status</c>, <c>identifier</c>, <c>_tag</c>), <c>_id</c> and <c>_lastUpdated</c> (prefixes eq, gt, ge, lt,
/// le; a value given to the second or finer is compared as an instant); AND across parameters, OR across comma-separated
/// values. Unknown parameters are refused (400), as a server in strict handling does.
/// </summary>
public static class FakeEhrSearch
{
    public static IEnumerable<Resource> Filter(string type, IEnumerable<Resource> resources, IReadOnlyList<(string Name, string Value)> criteria)
    {
        var predicates = criteria.Select(c => Predicate(type, c.Name, c.Value)).ToList();
        return resources.Where(r => r.TypeName == type && predicates.All(p => p(r)));
    }

    private static Func<Resource, bool> Predicate(string type, string name, string value)
    {
        var values = value.Split(',');
        return name switch
        {
            "_id" => r => values.Contains(r.Id),
            "patient" or "subject" => r => values.Any(v => ReferenceMatches(Subject(r), "Patient", v)),
            "encounter" => r => values.Any(v => Encounters(r).Any(e => ReferenceMatches(e, "Encounter", v))),
            "status" => r => values.Contains(Status(r)),
            "identifier" => r => values.Any(v => Identifiers(r).Any(i => TokenMatches(i.System, i.Value, v))),
            "_lastUpdated" => LastUpdated(values),
            "_tag" => r => values.Any(v => (r.Meta?.Tag ?? []).Any(t => TokenMatches(t.System, t.Code, v))),
            _ => throw new FakeEhrException(400, IssueType.NotSupported, $"Unknown search parameter \"{name}\" for resource type \"{type}\""),
        };
    }

    private static Func<Resource, bool> LastUpdated(string[] values)
    {
        var comparisons = values.Select(value =>
        {
            var prefix = value.Length > 2 && char.IsAsciiLetterLower(value[0]) ? value[..2] : "eq";
            var text = prefix == "eq" && !value.StartsWith("eq", StringComparison.Ordinal) ? value : value[2..];
            if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var instant)
                || prefix is not ("eq" or "gt" or "ge" or "lt" or "le"))
            {
                throw new FakeEhrException(400, IssueType.Invalid, $"Invalid _lastUpdated value \"{value}\"");
            }

            return (Prefix: prefix, Instant: instant);
        }).ToList();
        return r => r.Meta?.LastUpdated is { } updated && comparisons.Any(c => c.Prefix switch
        {
            "gt" => updated > c.Instant,
            "ge" => updated >= c.Instant,
            "lt" => updated < c.Instant,
            "le" => updated <= c.Instant,
            _ => updated == c.Instant,
        });
    }

    private static string? Subject(Resource resource) => resource switch
    {
        Encounter e => e.Subject?.Reference,
        Condition c => c.Subject?.Reference,
        Observation o => o.Subject?.Reference,
        MedicationRequest m => m.Subject?.Reference,
        Procedure p => p.Subject?.Reference,
        DocumentReference d => d.Subject?.Reference,
        DiagnosticReport d => d.Subject?.Reference,
        Composition c => c.Subject?.Reference,
        Consent c => c.Patient?.Reference,
        _ => null,
    };

    private static IEnumerable<string?> Encounters(Resource resource) => resource switch
    {
        Condition c => [c.Encounter?.Reference],
        Observation o => [o.Encounter?.Reference],
        MedicationRequest m => [m.Encounter?.Reference],
        Procedure p => [p.Encounter?.Reference],
        DocumentReference d => d.Context?.Encounter.Select(e => e.Reference) ?? [],
        DiagnosticReport d => [d.Encounter?.Reference],
        Composition c => [c.Encounter?.Reference],
        _ => [],
    };

    private static string? Status(Resource resource) => resource.TryGetValue("status", out var status) && status is PrimitiveType primitive
        ? primitive.ToString()
        : null;

    private static IEnumerable<Identifier> Identifiers(Resource resource) => resource switch
    {
        Composition c => c.Identifier is null ? [] : [c.Identifier],
        _ => resource.TryGetValue("identifier", out var identifiers) && identifiers is IEnumerable<Identifier> list ? list : [],
    };

    /// <summary><c>Type/id</c>, a bare id, or an absolute URL ending in <c>Type/id</c>.</summary>
    private static bool ReferenceMatches(string? reference, string targetType, string value)
    {
        if (reference is null)
        {
            return false;
        }

        var wanted = value.Contains('/') ? value : $"{targetType}/{value}";
        return reference == wanted || reference.EndsWith($"/{wanted}", StringComparison.Ordinal);
    }

    /// <summary><c>system|code</c>, <c>|code</c> (no system) or <c>code</c> (any system).</summary>
    private static bool TokenMatches(string? system, string? code, string value)
    {
        var bar = value.IndexOf('|');
        if (bar < 0)
        {
            return code == value;
        }

        var wantedSystem = value[..bar];
        return code == value[(bar + 1)..] && (wantedSystem.Length == 0 ? string.IsNullOrEmpty(system) : system == wantedSystem);
    }
}
