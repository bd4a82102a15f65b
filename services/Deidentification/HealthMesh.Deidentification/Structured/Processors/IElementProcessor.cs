using System.Text.Json;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>
/// One de-identification method, registered as a keyed service under its <see cref="Rules.KnownMethods"/> name.
/// A processor changes the element in place (or removes it) and reports what it did; the engine stamps
/// <c>meta.security</c> and counts the change for the audit.
/// </summary>
public interface IElementProcessor
{
    /// <summary>Why <paramref name="settings"/> cannot drive this method, or null when they can (checked at start-up).</summary>
    string? ValidateSettings(IReadOnlyDictionary<string, JsonElement> settings);

    /// <exception cref="UnsupportedElementException">The rule selected an element of a type this method cannot process.</exception>
    ProcessResult Process(ElementContext element, IReadOnlyDictionary<string, JsonElement> settings);
}
