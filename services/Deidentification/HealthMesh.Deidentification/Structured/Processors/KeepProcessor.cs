using System.Text.Json;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>Leaves the element as it is; since the first matching rule wins, later rules no longer touch it or what it holds.</summary>
public sealed class KeepProcessor : IElementProcessor
{
    public string? ValidateSettings(IReadOnlyDictionary<string, JsonElement> settings) => RuleSettings.Unknown(settings);

    public ProcessResult Process(ElementContext element, IReadOnlyDictionary<string, JsonElement> settings) => ProcessResult.Unchanged;
}
