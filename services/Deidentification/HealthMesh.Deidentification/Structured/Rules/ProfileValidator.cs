using HealthMesh.Deidentification.Structured.Processors;
using HealthMesh.Deidentification.Structured.Selection;
using Hl7.FhirPath;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Deidentification.Structured.Rules;

/// <summary>
/// Checks a profile before any resource meets it: every path compiles as FHIRPath, every method has a processor,
/// every processor accepts its settings. The first problem throws a <see cref="DeidentificationProfileException"/>.
/// </summary>
public static class ProfileValidator
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

            compiled.Add(new CompiledRule(number, rule, select, processor, settings, DirectPath.TryParse(rule.Path)));
        }

        return compiled;
    }
}
