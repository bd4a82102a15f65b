using System.Text.Json;
using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Surrogates;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>
/// Replaces the element by something else: <c>{"surrogate": "name"}</c> gives a HumanName, or a string that holds a
/// name (Annotation.authorString), consistent surrogate names (the same ones the free text gets, recorded in the vault);
/// <c>{"value": "..."}</c> puts a fixed text in a string-like element.
/// </summary>
public sealed partial class SubstituteProcessor : IElementProcessor
{
    public const string SurrogateSetting = "surrogate";
    public const string ValueSetting = "value";

    public string? ValidateSettings(IReadOnlyDictionary<string, JsonElement> settings)
    {
        if (RuleSettings.Unknown(settings, SurrogateSetting, ValueSetting) is { } unknown)
        {
            return unknown;
        }

        var surrogate = RuleSettings.String(settings, SurrogateSetting);
        var value = RuleSettings.String(settings, ValueSetting);
        return (surrogate, value) switch
        {
            (null, null) => "needs either \"surrogate\": \"name\" or \"value\": \"<text>\"",
            (not null, not null) => "takes \"surrogate\" or \"value\", not both",
            ("name", null) => null,
            (not null, null) => $"unknown surrogate '{surrogate}' (known: name)",
            _ => null,
        };
    }

    public ProcessResult Process(ElementContext element, IReadOnlyDictionary<string, JsonElement> settings)
    {
        if (RuleSettings.String(settings, ValueSetting) is { } fixedValue)
        {
            if (element.Element is not PrimitiveType primitive || element.Element is XHtml || (primitive.JsonValue is not (string or null)))
            {
                throw new UnsupportedElementException(element.Element.TypeName);
            }

            if (primitive.JsonValue is null || Equals(primitive.JsonValue, fixedValue))
            {
                return ProcessResult.Unchanged;
            }

            primitive.JsonValue = fixedValue;
            element.Session.CountReplacement();
            return ProcessResult.Of(ResourceChanges.Redacted);
        }

        return element.Element switch
        {
            HumanName name => Replace(name, element.Session),
            FhirString { Value: { } text } written => Replace(written, text, element.Session),
            FhirString => ProcessResult.Unchanged,
            _ => throw new UnsupportedElementException(element.Element.TypeName),
        };
    }

    // A name written as one string (Annotation.authorString): the last word is taken as the family name, the others as given names.
    private static ProcessResult Replace(FhirString written, string text, DeidentificationSession session)
    {
        var tokens = NameToken().Matches(text);
        if (tokens.Count == 0)
        {
            return ProcessResult.Unchanged;
        }

        var last = tokens[^1];
        written.Value = NameToken().Replace(text, m => SurrogateTokens(m.Value, session, m.Index == last.Index ? SurrogateKind.FamilyName : SurrogateKind.GivenName));
        session.CountReplacement();
        return ProcessResult.Of(ResourceChanges.Pseudonymized);
    }

    private static ProcessResult Replace(HumanName name, DeidentificationSession session)
    {
        if (name.Family is null && name.Given.All(string.IsNullOrEmpty) && name.Text is null)
        {
            return ProcessResult.Unchanged;
        }

        if (name.Family is not null)
        {
            name.Family = SurrogateTokens(name.Family, session, SurrogateKind.FamilyName);
        }

        name.Given = name.Given.Where(g => g is not null).Select(g => SurrogateTokens(g!, session, SurrogateKind.GivenName)).ToList();
        name.Text = name.Family is null && !name.Given.Any() ? null : string.Join(' ', name.Given.Append(name.Family).Where(p => !string.IsNullOrEmpty(p)));
        session.CountReplacement();
        return ProcessResult.Of(ResourceChanges.Pseudonymized);
    }

    // Replaced token by token, exactly as the free-text pass does, so "Mary-Ann" reads the same in data and notes.
    private static string SurrogateTokens(string name, DeidentificationSession session, SurrogateKind kind) =>
        NameToken().Replace(name, m =>
        {
            var surrogate = kind == SurrogateKind.GivenName ? session.Surrogates.GivenName(m.Value) : session.Surrogates.FamilyName(m.Value);
            session.Vault.Record(surrogate, m.Value, kind);
            return surrogate;
        });

    [GeneratedRegex(@"[^\s\-]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex NameToken();
}
