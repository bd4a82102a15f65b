using System.Text.Json;
using HealthMesh.Deidentification.Engine;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured.Processors;

/// <summary>
/// Moves a date, dateTime or instant by the patient's offset (the same one free text uses, so intervals stay true);
/// precision, times and zones are kept, a bare year is left as it is.
/// </summary>
public sealed class DateShiftProcessor : IElementProcessor
{
    public string? ValidateSettings(IReadOnlyDictionary<string, JsonElement> settings) => RuleSettings.Unknown(settings);

    public ProcessResult Process(ElementContext element, IReadOnlyDictionary<string, JsonElement> settings)
    {
        switch (element.Element)
        {
            case Instant { Value: { } instant } instantElement:
                instantElement.Value = element.Session.ShiftInstant(instant);
                return ProcessResult.Of(ResourceChanges.Perturbed);
            case FhirDateTime { Value: { } dateTime } dateTimeElement:
                return Shift(dateTimeElement, dateTime, v => dateTimeElement.Value = v, element.Session);
            case Date { Value: { } date } dateElement:
                return Shift(dateElement, date, v => dateElement.Value = v, element.Session);
            case Instant or FhirDateTime or Date:
                return ProcessResult.Unchanged;
            default:
                throw new UnsupportedElementException(element.Element.TypeName);
        }
    }

    private static ProcessResult Shift(Base element, string value, Action<string> set, DeidentificationSession session)
    {
        string shifted;
        try
        {
            shifted = session.ShiftFhirDate(value);
        }
        catch (FormatException)
        {
            throw new ClinicalContextRejectedException($"A {element.TypeName} element holds a value that is not a FHIR date.");
        }

        if (shifted == value)
        {
            return ProcessResult.Unchanged;
        }

        set(shifted);
        return ProcessResult.Of(ResourceChanges.Perturbed);
    }
}
