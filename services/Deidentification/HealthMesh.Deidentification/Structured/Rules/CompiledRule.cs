using System.Text.Json;
using HealthMesh.Deidentification.Structured.Processors;
using Hl7.FhirPath;

namespace HealthMesh.Deidentification.Structured.Rules;

/// <summary>A validated rule: its compiled FHIRPath and the processor of its method.</summary>
/// <param name="Number">1-based position in the profile, for errors.</param>
/// <param name="ByType">
/// For a path of the form <c>descendants().ofType(T)</c>, <c>descendants().ofType(T).element</c> or
/// <c>$this.combine(descendants()).select(a.combine(b)…).ofType(T)</c>: the type, element or element names, which the
/// engine selects in one walk of its own instead of evaluating the FHIRPath (same elements, far cheaper).
/// </param>
public sealed record CompiledRule(
    int Number,
    DeidentificationRule Rule,
    CompiledExpression Select,
    IElementProcessor Processor,
    IReadOnlyDictionary<string, JsonElement> Settings,
    (string Type, string? Element, IReadOnlySet<string>? Names)? ByType)
{
    /// <summary>The audit kind: the rule's <c>kind</c>, or its method when it names none.</summary>
    public string Kind => Rule.Kind ?? Rule.Method;
}
