using System.Globalization;
using System.Text.Json;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.FreeText;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>
/// Keeps a coarser value, as Safe Harbor allows (<c>{"to": ...}</c>): <c>birth-year</c> keeps a date's year and removes it
/// when it shows an age of 90 or more; <c>address</c> keeps state, country and the ZIP's first three digits ("000" for
/// the sparse ZIP3 areas) and removes lines, city, district and text; <c>age</c> turns an Age of 90 or more into "≥ 90".
/// </summary>
public sealed class GeneralizeProcessor : IElementProcessor
{
    public const string ToSetting = "to";
    public const string BirthYear = "birth-year";
    public const string Address = "address";
    public const string Age = "age";

    private static readonly string[] Targets = [BirthYear, Address, Age];

    public string? ValidateSettings(IReadOnlyDictionary<string, JsonElement> settings) =>
        RuleSettings.Unknown(settings, ToSetting)
        ?? (RuleSettings.String(settings, ToSetting) is { } to && Targets.Contains(to, StringComparer.Ordinal)
            ? null
            : $"needs \"to\": one of {string.Join(", ", Targets)}");

    public ProcessResult Process(ElementContext element, IReadOnlyDictionary<string, JsonElement> settings) =>
        (RuleSettings.String(settings, ToSetting), element.Element) switch
        {
            (BirthYear, Date or FhirDateTime) => ToYear(element),
            (Address, Hl7.Fhir.Model.Address address) => Generalize(address, element.Session),
            (Age, Hl7.Fhir.Model.Age age) => Generalize(age, element.Session),
            _ => throw new UnsupportedElementException(element.Element.TypeName),
        };

    private static ProcessResult ToYear(ElementContext element)
    {
        var primitive = (PrimitiveType)element.Element;
        if (primitive.JsonValue is not string { Length: >= 4 } value || !int.TryParse(value[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return ProcessResult.Unchanged;
        }

        element.Session.CountReplacement();
        if (element.ReferenceYear is { } reference && reference - year >= 90)
        {
            element.Remove();
            return ProcessResult.Of(ResourceChanges.Redacted);
        }

        primitive.JsonValue = year.ToString("D4", CultureInfo.InvariantCulture);
        return ProcessResult.Of(ResourceChanges.Abstracted);
    }

    private static ProcessResult Generalize(Hl7.Fhir.Model.Address address, DeidentificationSession session)
    {
        var hadDetail = address.Line.Any() || address.City is not null || address.District is not null || address.Text is not null || address.PostalCode is not null;
        address.Line = [];
        address.City = null;
        address.District = null;
        address.Text = null;
        if (address.PostalCode is not null)
        {
            address.PostalCode = SafeHarborGeography.Zip3(address.PostalCode);
        }

        if (!hadDetail)
        {
            return ProcessResult.Unchanged;
        }

        session.CountReplacement();
        return ProcessResult.Of(ResourceChanges.Abstracted | ResourceChanges.Redacted);
    }

    private static ProcessResult Generalize(Hl7.Fhir.Model.Age age, DeidentificationSession session)
    {
        if (age.Value is not { } value || AgeInYears(value, age.Code ?? age.Unit) < 90)
        {
            return ProcessResult.Unchanged;
        }

        age.Value = 90;
        age.Comparator = Quantity.QuantityComparator.GreaterOrEqual;
        age.Unit = "a";
        age.Code = "a";
        age.System = "http://unitsofmeasure.org";
        session.CountReplacement();
        return ProcessResult.Of(ResourceChanges.Abstracted);
    }

    private static decimal AgeInYears(decimal value, string? unit) => unit switch
    {
        "mo" => value / 12,
        "wk" => value / 52,
        "d" => value / 365,
        "h" or "min" => 0,
        _ => value,
    };
}
