using System.Text.Json;
using HealthMesh.Deidentification.Engine;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>Removes the element (from its list, for a repeating element).</summary>
public sealed class RedactProcessor : IElementProcessor
{
    public string? ValidateSettings(IReadOnlyDictionary<string, JsonElement> settings) => RuleSettings.Unknown(settings);

    public ProcessResult Process(ElementContext element, IReadOnlyDictionary<string, JsonElement> settings)
    {
        element.Remove();
        element.Session.CountReplacement();
        return ProcessResult.Of(ResourceChanges.Redacted);
    }
}
