using System.Text.Json;
using HealthMesh.Deidentification.Structured.Processors;
using HealthMesh.Deidentification.Structured.Selection;
using Hl7.FhirPath;

namespace HealthMesh.Deidentification.Structured.Rules;

/// <summary>A validated rule: its compiled FHIRPath and the processor of its method.</summary>
/// <param name="Number">1-based position in the profile, for errors.</param>
/// <param name="Direct">The path's direct form, selected from the engine's one walk of the resource; null when <paramref name="Select"/> is evaluated.</param>
public sealed record CompiledRule(
    int Number,
    DeidentificationRule Rule,
    CompiledExpression Select,
    IElementProcessor Processor,
    IReadOnlyDictionary<string, JsonElement> Settings,
    DirectPath? Direct)
{
    /// <summary>The audit kind: the rule's <c>kind</c>, or its method when it names none.</summary>
    public string Kind => Rule.Kind ?? Rule.Method;
}
