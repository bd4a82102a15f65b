using System.Text.Json;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>Reading and checking the <c>settings</c> object of a rule.</summary>
public static class RuleSettings
{
    public static readonly IReadOnlyDictionary<string, JsonElement> None = new Dictionary<string, JsonElement>();

    /// <summary>The first setting not in <paramref name="allowed"/>, as an error, or null.</summary>
    public static string? Unknown(IReadOnlyDictionary<string, JsonElement> settings, params string[] allowed) =>
        settings.Keys.FirstOrDefault(k => !allowed.Contains(k, StringComparer.Ordinal)) is { } unknown
            ? $"unknown setting '{unknown}'" + (allowed.Length == 0 ? " (the method takes none)" : $" (allowed: {string.Join(", ", allowed)})")
            : null;

    public static string? String(IReadOnlyDictionary<string, JsonElement> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static double? Number(IReadOnlyDictionary<string, JsonElement> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static bool? Boolean(IReadOnlyDictionary<string, JsonElement> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
