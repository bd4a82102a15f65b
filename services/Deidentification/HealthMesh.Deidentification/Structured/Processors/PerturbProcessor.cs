using System.Globalization;
using System.Text.Json;
using HealthMesh.Deidentification.Engine;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>
/// Adds keyed noise to a number (decimal, integer, or a Quantity's value): uniform in ±<c>span</c>/2, an absolute amount
/// or, with <c>"proportional": true</c>, a fraction of the value; rounded to <c>roundTo</c> decimals (default 2; 0 for
/// integers). The noise derives from the service key and the value, so a redelivered message gives the same result.
/// </summary>
public sealed class PerturbProcessor : IElementProcessor
{
    public const string SpanSetting = "span";
    public const string ProportionalSetting = "proportional";
    public const string RoundToSetting = "roundTo";

    public string? ValidateSettings(IReadOnlyDictionary<string, JsonElement> settings)
    {
        if (RuleSettings.Unknown(settings, SpanSetting, ProportionalSetting, RoundToSetting) is { } unknown)
        {
            return unknown;
        }

        if (RuleSettings.Number(settings, SpanSetting) is not > 0)
        {
            return "needs \"span\": a number greater than 0";
        }

        if (settings.ContainsKey(ProportionalSetting) && RuleSettings.Boolean(settings, ProportionalSetting) is null)
        {
            return "\"proportional\" must be true or false";
        }

        if (!settings.ContainsKey(RoundToSetting))
        {
            return null;
        }

        return RuleSettings.Number(settings, RoundToSetting) is { } roundTo && roundTo is >= 0 and <= 10 && roundTo == Math.Floor(roundTo)
            ? null
            : "\"roundTo\" must be a whole number from 0 to 10";
    }

    public ProcessResult Process(ElementContext element, IReadOnlyDictionary<string, JsonElement> settings)
    {
        var span = (decimal)RuleSettings.Number(settings, SpanSetting)!.Value;
        var proportional = RuleSettings.Boolean(settings, ProportionalSetting) ?? false;
        var roundTo = (int)(RuleSettings.Number(settings, RoundToSetting) ?? 2);
        switch (element.Element)
        {
            case FhirDecimal { Value: { } value } number:
                number.Value = Noisy(element, value, span, proportional, roundTo);
                break;
            case Quantity { Value: { } value } quantity:
                quantity.Value = Noisy(element, value, span, proportional, roundTo);
                break;
            case Integer { Value: { } value } integer:
                integer.Value = (int)Noisy(element, value, span, proportional, 0);
                break;
            case FhirDecimal or Quantity or Integer:
                return ProcessResult.Unchanged;
            default:
                throw new UnsupportedElementException(element.Element.TypeName);
        }

        element.Session.CountReplacement();
        return ProcessResult.Of(ResourceChanges.Perturbed);
    }

    private static decimal Noisy(ElementContext element, decimal value, decimal span, bool proportional, int roundTo)
    {
        var draw = element.Session.Hash.Number("perturb", string.Create(CultureInfo.InvariantCulture, $"{element.Resource.TypeName}.{element.Name}={value}"));
        var unit = (decimal)draw / uint.MaxValue - 0.5m;
        var amount = proportional ? Math.Abs(value) * span : span;
        return Math.Round(value + (unit * amount), roundTo, MidpointRounding.AwayFromZero);
    }
}
