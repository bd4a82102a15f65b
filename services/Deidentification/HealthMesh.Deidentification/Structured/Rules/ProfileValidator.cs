using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Structured.Processors;
using Hl7.FhirPath;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Deidentification.Structured.Rules;

/// <summary>
/// Checks a profile before any resource meets it: every path compiles as FHIRPath, every method has a processor,
/// every processor accepts its settings. The first problem throws a <see cref="DeidentificationProfileException"/>.
/// </summary>
public static partial class ProfileValidator
{
    /// <param name="processors">The keyed <see cref="IElementProcessor"/> registrations.</param>
    public static IReadOnlyList<CompiledRule> Compile(DeidentificationProfile profile, IServiceProvider processors)
    {
        var compiler = new FhirPathCompiler();
        var compiled = new List<CompiledRule>(profile.Rules.Count);
        for (var i = 0; i < profile.Rules.Count; i++)
        {
            var number = i + 1;
            var rule = profile.Rules[i];
            if (rule is null)
            {
                throw new DeidentificationProfileException(number, null, null, "the rule is empty.");
            }

            if (string.IsNullOrWhiteSpace(rule.Path))
            {
                throw new DeidentificationProfileException(number, rule.Path, rule.Method, "it has no path.");
            }

            if (string.IsNullOrWhiteSpace(rule.Method))
            {
                throw new DeidentificationProfileException(number, rule.Path, rule.Method, $"it has no method (one of {string.Join(", ", KnownMethods.All)}).");
            }

            CompiledExpression select;
            try
            {
                select = compiler.Compile(rule.Path);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                throw new DeidentificationProfileException(number, rule.Path, rule.Method, $"the path is not valid FHIRPath: {e.Message}");
            }

            var processor = processors.GetKeyedService<IElementProcessor>(rule.Method)
                ?? throw new DeidentificationProfileException(number, rule.Path, rule.Method, $"unknown method (known: {string.Join(", ", KnownMethods.All)}).");
            var settings = rule.Settings ?? RuleSettings.None;
            if (processor.ValidateSettings(settings) is { } problem)
            {
                throw new DeidentificationProfileException(number, rule.Path, rule.Method, $"bad settings: {problem}.");
            }

            compiled.Add(new CompiledRule(number, rule, select, processor, settings, Direct(rule.Path.Trim())));
        }

        return compiled;
    }

    private static (string Type, string? Element, IReadOnlySet<string>? Names)? Direct(string path)
    {
        if (ByType().Match(path) is { Success: true } byType)
        {
            return (byType.Groups["type"].Value, byType.Groups["element"].Success ? byType.Groups["element"].Value : null, null);
        }

        if (NamedAnywhere().Match(path) is { Success: true } named)
        {
            return (named.Groups["type"].Value, null, named.Groups["name"].Captures.Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
        }

        return null;
    }

    [GeneratedRegex(@"^\$this\.combine\(descendants\(\)\)\.select\((?<name>[a-z][A-Za-z]*)(?:\.combine\((?<name>[a-z][A-Za-z]*)\))*\)\.ofType\((?:FHIR\.)?(?<type>[A-Za-z]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex NamedAnywhere();

    [GeneratedRegex(@"^descendants\(\)\.ofType\((?:FHIR\.)?(?<type>[A-Za-z]+)\)(?:\.(?<element>[a-z][A-Za-z]*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ByType();
}
