using System.Globalization;
using HealthMesh.Contracts;
using HealthMesh.Deidentification.Engine;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.PatientGroups;

/// <summary>
/// The coarse group of a context's patient for fairness monitoring: administrative gender, an age band at the event,
/// the preferred language's primary subtag and the US Core OMB race and ethnicity categories. Coarse on purpose: bands
/// and categories, never a birth date or a free-text value, and 90 or older as one band (Safe Harbor's rule).
/// </summary>
public static class PatientGroupDeriver
{
    public const string UsCoreRace = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";
    public const string UsCoreEthnicity = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";

    public static PatientGroup Derive(Bundle context)
    {
        var patient = context.Entry.Select(e => e.Resource).OfType<Patient>().FirstOrDefault();
        if (patient is null)
        {
            return new PatientGroup(null, null, null, null, null);
        }

        var eventYear = context.Entry.Count > 0 && context.Entry[0].Resource is { } focus ? ContextDeidentifier.ReferenceYear(focus) : null;
        return new PatientGroup(
            patient.Gender is { } gender ? gender.ToString().ToLowerInvariant() : null,
            AgeBand(patient.BirthDate, eventYear),
            Language(patient),
            OmbCategory(patient, UsCoreRace),
            OmbCategory(patient, UsCoreEthnicity));
    }

    /// <summary>Age in whole years at the event's year (year precision is enough for bands this wide).</summary>
    public static string? AgeBand(string? birthDate, int? eventYear)
    {
        if (birthDate is not { Length: >= 4 } || !int.TryParse(birthDate[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var born))
        {
            return null;
        }

        var age = (eventYear ?? DateTime.UtcNow.Year) - born;
        return age switch
        {
            < 0 => null,
            < 18 => "0-17",
            < 45 => "18-44",
            < 65 => "45-64",
            < 90 => "65-89",
            _ => "90+",
        };
    }

    private static string? Language(Patient patient)
    {
        var communication = patient.Communication.FirstOrDefault(c => c.Preferred == true) ?? patient.Communication.FirstOrDefault();
        var code = communication?.Language?.Coding.Select(c => c.Code).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        return code?.Split('-')[0].ToLowerInvariant();
    }

    /// <summary>The OMB category displays (or codes, without a display) of a US Core race or ethnicity extension.</summary>
    private static string? OmbCategory(Patient patient, string url)
    {
        var categories = patient.GetExtensions(url)
            .SelectMany(e => e.Extension.Where(x => x.Url == "ombCategory"))
            .Select(x => x.Value as Coding)
            .Where(c => c is not null && (c.Display ?? c.Code) is not null)
            .Select(c => c!.Display ?? c.Code)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return categories.Count switch
        {
            0 => null,
            1 => categories[0],
            _ => "Multiple",
        };
    }
}
