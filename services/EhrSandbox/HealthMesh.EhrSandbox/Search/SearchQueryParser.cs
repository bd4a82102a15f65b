using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using HealthMesh.EhrSandbox.Resources;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.WebUtilities;

namespace HealthMesh.EhrSandbox.Search;

/// <summary>
/// Parses FHIR search parameters into SQL over the sandbox tables. Supported: <c>_id</c>, <c>_lastUpdated</c> (eq, ne, gt,
/// ge, lt, le, sa, eb with the precision of the value), every token/reference parameter of <see cref="SearchParameterRegistry"/>
/// (comma = OR, repeated = AND; tokens <c>code</c>, <c>system|code</c>, <c>|code</c>, <c>system|</c>; references <c>id</c>,
/// <c>Type/id</c>, absolute URL, <c>:Type</c> modifier), <c>_count</c>, <c>_sort=_lastUpdated|-_lastUpdated</c> and the
/// paging cursor <c>_offset</c>, <c>_include</c>/<c>_revinclude</c> over reference parameters. Anything else is a 400: silently ignoring a filter would return wrong data.
/// </summary>
public static partial class SearchQueryParser
{
    public const int DefaultPageSize = 20;
    private static readonly HashSet<string> Ignored = ["_format", "_pretty"];

    public static SearchQuery Parse(string resourceType, string queryString, int maxPageSize) =>
        Parse(resourceType, QueryHelpers.ParseQuery(queryString).SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty))), maxPageSize);

    public static SearchQuery Parse(string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, int maxPageSize)
    {
        var conditions = new List<string>();
        var sql = new DynamicParameters();
        var kept = new List<KeyValuePair<string, string>>();
        var count = DefaultPageSize;
        var offset = 0;
        var descending = false;
        var includes = new List<SearchInclude>();

        foreach (var (rawName, value) in parameters)
        {
            var separator = rawName.IndexOf(':');
            var name = separator < 0 ? rawName : rawName[..separator];
            var modifier = separator < 0 ? null : rawName[(separator + 1)..];
            switch (name)
            {
                case var _ when Ignored.Contains(name):
                    continue;
                case "_count":
                    count = Math.Min(ParseNonNegative(name, value), maxPageSize);
                    continue;
                case "_offset":
                    offset = ParseNonNegative(name, value);
                    continue;
                case "_sort":
                    descending = value switch
                    {
                        "_lastUpdated" => false,
                        "-_lastUpdated" => true,
                        _ => throw FhirInteractionException.NotSupported($"_sort={value} is not supported; use _lastUpdated or -_lastUpdated."),
                    };
                    kept.Add(KeyValuePair.Create(rawName, value));
                    continue;
                case "_include" or "_revinclude":
                    includes.Add(Include(resourceType, name == "_revinclude", value));
                    kept.Add(KeyValuePair.Create(rawName, value));
                    continue;
            }

            RejectModifier(rawName, modifier, name == "_id" || name == "_lastUpdated" ? null : SearchParameterRegistry.Find(resourceType, name));
            var n = conditions.Count;
            conditions.Add(name switch
            {
                "_id" => IdCondition(value, sql, n),
                "_lastUpdated" => LastUpdatedCondition(value, sql, n),
                _ => IndexCondition(resourceType, name, modifier, value, sql, n),
            });
            kept.Add(KeyValuePair.Create(rawName, value));
        }

        return new SearchQuery(resourceType, conditions, sql, kept, count, offset, descending, includes);
    }

    /// <summary><c>Source:param</c> or <c>Source:param:Target</c>; the source is the searched type for _include.</summary>
    private static SearchInclude Include(string resourceType, bool reverse, string value)
    {
        var parts = value.Split(':');
        var definition = parts.Length is 2 or 3 ? SearchParameterRegistry.Find(parts[0], parts[1]) : null;
        if (definition is not { Kind: SearchParamKind.Reference } || (!reverse && parts[0] != resourceType) || (parts.Length == 3 && !ModelInfo.IsKnownResource(parts[2])))
        {
            throw FhirInteractionException.NotSupported(
                $"{(reverse ? "_revinclude" : "_include")}={value} is not supported; use Source:referenceParam[:Target]{(reverse ? string.Empty : $" with Source {resourceType}")}.");
        }

        return new SearchInclude(reverse, parts[0], parts[1], parts.Length == 3 ? parts[2] : definition.Target);
    }

    private static void RejectModifier(string rawName, string? modifier, SearchParamDefinition? definition)
    {
        if (modifier is null || (definition?.Kind == SearchParamKind.Reference && ModelInfo.IsKnownResource(modifier)))
        {
            return;
        }

        throw FhirInteractionException.NotSupported($"Search modifier in '{rawName}' is not supported by the sandbox.");
    }

    private static string IdCondition(string value, DynamicParameters sql, int n)
    {
        sql.Add($"id{n}", Split(value));
        return $"r.resource_id IN @id{n}";
    }

    private static string IndexCondition(string resourceType, string name, string? modifier, string value, DynamicParameters sql, int n)
    {
        var definition = SearchParameterRegistry.Find(resourceType, name)
            ?? throw FhirInteractionException.NotSupported(
                $"Search parameter '{name}' is not supported for {resourceType}. Supported: _id, _lastUpdated, _count, _sort"
                + string.Concat(SearchParameterRegistry.For(resourceType).Select(d => ", " + d.Name)) + ".");

        var alternatives = new List<string>();
        foreach (var (item, i) in Split(value).Select((v, i) => (v, i)))
        {
            var (system, code) = definition.Kind == SearchParamKind.Token ? Token(item) : Reference(definition, modifier, item);
            var parts = new List<string>();
            if (system is not null)
            {
                sql.Add($"s{n}_{i}", system);
                parts.Add($"s.system = @s{n}_{i}");
            }

            if (code is not null)
            {
                sql.Add($"v{n}_{i}", code);
                parts.Add($"s.value = @v{n}_{i}");
            }

            alternatives.Add("(" + string.Join(" AND ", parts) + ")");
        }

        sql.Add($"p{n}", name);
        return $"EXISTS (SELECT 1 FROM search_index s WHERE s.resource_type = r.resource_type AND s.resource_id = r.resource_id AND s.param = @p{n} AND ({string.Join(" OR ", alternatives)}))";
    }

    private static (string? System, string? Code) Token(string item)
    {
        var bar = item.IndexOf('|');
        if (bar < 0)
        {
            return (null, item);
        }

        var code = item[(bar + 1)..];
        return (item[..bar], code.Length == 0 ? null : code);
    }

    private static (string? Type, string Id) Reference(SearchParamDefinition definition, string? modifier, string item)
    {
        if (SearchParameterRegistry.ParseReference(item) is { } parsed)
        {
            return parsed;
        }

        if (item.Contains('/'))
        {
            throw FhirInteractionException.BadRequest($"'{item}' is not a valid reference for search parameter '{definition.Name}'.");
        }

        return (modifier ?? definition.Target, item);
    }

    private static string LastUpdatedCondition(string value, DynamicParameters sql, int n)
    {
        var hasPrefix = value.Length > 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]);
        var prefix = hasPrefix ? value[..2] : "eq";
        var (start, end) = DateRange(hasPrefix ? value[2..] : value);
        sql.Add($"ls{n}", start.ToUnixTimeMilliseconds());
        sql.Add($"le{n}", end.ToUnixTimeMilliseconds());
        return prefix switch
        {
            "eq" => $"(r.last_updated >= @ls{n} AND r.last_updated < @le{n})",
            "ne" => $"(r.last_updated < @ls{n} OR r.last_updated >= @le{n})",
            "gt" or "sa" => $"r.last_updated >= @le{n}",
            "ge" => $"r.last_updated >= @ls{n}",
            "lt" or "eb" => $"r.last_updated < @ls{n}",
            "le" => $"r.last_updated < @le{n}",
            _ => throw FhirInteractionException.NotSupported($"Date prefix '{prefix}' is not supported for _lastUpdated."),
        };
    }

    /// <summary>The half-open interval a FHIR date/dateTime/instant stands for at its precision (no zone = UTC).</summary>
    internal static (DateTimeOffset Start, DateTimeOffset End) DateRange(string value)
    {
        var match = DatePattern().Match(value);
        if (!match.Success)
        {
            throw FhirInteractionException.BadRequest($"'{value}' is not a FHIR date, dateTime or instant.");
        }

        int Part(string group, int fallback) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : fallback;
        var offset = match.Groups["zone"].Success && match.Groups["zone"].Value != "Z"
            ? TimeSpan.Parse(match.Groups["zone"].Value.TrimStart('+'), CultureInfo.InvariantCulture) * (match.Groups["zone"].Value[0] == '-' ? -1 : 1)
            : TimeSpan.Zero;
        var fraction = match.Groups["fraction"].Success ? double.Parse("0" + match.Groups["fraction"].Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            var start = new DateTimeOffset(Part("year", 1), Part("month", 1), Part("day", 1), Part("hour", 0), Part("minute", 0), Part("second", 0), offset)
                .AddMilliseconds(Math.Floor(fraction * 1000));
            var end = match.Groups switch
            {
                var g when g["fraction"].Success => start.AddMilliseconds(1),
                var g when g["second"].Success => start.AddSeconds(1),
                var g when g["minute"].Success => start.AddMinutes(1),
                var g when g["day"].Success => start.AddDays(1),
                var g when g["month"].Success => start.AddMonths(1),
                _ => start.AddYears(1),
            };
            return (start, end);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw FhirInteractionException.BadRequest($"'{value}' is not a valid date.");
        }
    }

    private static int ParseNonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw FhirInteractionException.BadRequest($"{name} must be a non-negative integer, not '{value}'.");

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } items
            ? items
            : throw FhirInteractionException.BadRequest("A search parameter has an empty value.");

    [GeneratedRegex(@"^(?<year>\d{4})(-(?<month>\d{2})(-(?<day>\d{2})(T(?<hour>\d{2}):(?<minute>\d{2})(:(?<second>\d{2})(?<fraction>\.\d+)?)?(?<zone>Z|[+-]\d{2}:\d{2})?)?)?)?$")]
    private static partial Regex DatePattern();
}
