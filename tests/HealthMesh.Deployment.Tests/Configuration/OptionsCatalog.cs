using System.Collections;
using System.Reflection;

namespace HealthMesh.Deployment.Tests.Configuration;

/// <summary>
/// The configuration keys a service really binds: every options class (a type with a <c>SectionName</c> constant) in
/// the service's assemblies, walked property by property as the configuration binder does (case-insensitive;
/// dictionaries take any key, arrays and lists an index).
/// </summary>
public sealed class OptionsCatalog
{
    // Keys read by the platform rather than by a HealthMesh options class.
    private static readonly string[] PlatformPrefixes = ["ASPNETCORE_", "DOTNET_", "OTEL_", "DAPR_", "Logging:"];

    private readonly IReadOnlyList<(string Section, Type Options)> sections;

    private OptionsCatalog(IReadOnlyList<(string Section, Type Options)> sections) => this.sections = sections;

    public static OptionsCatalog For(params Assembly[] assemblies) => new(assemblies
        .SelectMany(a => a.GetTypes())
        .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
        .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
        .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type))
        .OrderByDescending(x => x.Item1.Length)
        .ToList());

    public IEnumerable<string> Sections => sections.Select(s => s.Section);

    /// <summary>Null when <paramref name="key"/> (environment form <c>A__B</c> or <c>A:B</c>) binds; else why not.</summary>
    public string? Explain(string key)
    {
        var path = key.Replace("__", ":", StringComparison.Ordinal);
        if (PlatformPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var match = sections.FirstOrDefault(s => path.StartsWith(s.Section + ":", StringComparison.OrdinalIgnoreCase));
        if (match.Options is null)
        {
            return $"{key}: no options class binds a section it starts with (known: {string.Join(", ", sections.Select(s => s.Section))})";
        }

        var segments = path[(match.Section.Length + 1)..].Split(':');
        return Walk(match.Options, segments, 0) ? null : $"{key}: {match.Options.Name} has no property path '{string.Join(':', segments)}'";
    }

    private static bool Walk(Type type, string[] segments, int index)
    {
        if (index == segments.Length)
        {
            return true;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            return false;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)))
        {
            return Walk(type.GetGenericArguments()[1], segments, index + 1);
        }

        if (type.IsArray || (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type)))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            return int.TryParse(segments[index], out _) && Walk(element, segments, index + 1);
        }

        var property = type.GetProperty(segments[index], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is { CanWrite: true } || property?.PropertyType is { IsClass: true } and not { FullName: "System.String" }
            ? Walk(property!.PropertyType, segments, index + 1)
            : false;
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);
}
