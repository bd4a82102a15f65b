using System.Text.Json;

namespace HealthMesh.Deidentification.Structured.Rules;

/// <summary>One line of a de-identification profile: the elements a FHIRPath selects, and what is done to them.</summary>
/// <param name="Path">FHIRPath evaluated (Firely SDK) on each resource; <c>combine()</c>, not <c>|</c>, to join selections (a union drops equal values).</param>
/// <param name="Method">One of <see cref="KnownMethods"/>.</param>
/// <param name="Kind">The kind of identifier the rule removes (<c>name</c>, <c>date</c>...), as counted in the audit.</param>
/// <param name="Settings">What the method needs (e.g. <c>{"to": "birth-year"}</c> for generalize).</param>
public sealed record DeidentificationRule(string Path, string Method, string? Kind = null, IReadOnlyDictionary<string, JsonElement>? Settings = null);
