using System.Globalization;
using System.Text.RegularExpressions;

namespace HealthMesh.Deidentification.Surrogates;

/// <summary>
/// Shifting of FHIR date, dateTime and instant values by whole days. Pure: no FHIR model, no key. Precision is kept:
/// a year stays the year (Safe Harbor allows it), a year-month moves with its mid-month day, times and zones stay.
/// </summary>
public static partial class DateShift
{
    /// <summary>A per-patient offset in ±1..<paramref name="maxDays"/> days (never 0) from the keyed hash of the patient.</summary>
    public static int OffsetDays(KeyedHash hash, string patientKey, int maxDays)
    {
        var n = hash.Number("date-shift", patientKey);
        var magnitude = (int)(n % (uint)maxDays) + 1;
        return hash.Number("date-shift-sign", patientKey) % 2 == 0 ? magnitude : -magnitude;
    }

    public static DateOnly Shift(DateOnly date, int days) => date.AddDays(days);

    /// <summary>Shifts a FHIR <c>date</c> or <c>dateTime</c> literal; returns it unchanged when it is only a year.</summary>
    /// <exception cref="FormatException">Not a FHIR date/dateTime literal.</exception>
    public static string ShiftFhirDate(string value, int days)
    {
        var match = FhirDatePattern().Match(value);
        if (!match.Success)
        {
            throw new FormatException("Not a FHIR date or dateTime literal.");
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (!match.Groups["m"].Success)
        {
            return value;
        }

        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (!match.Groups["d"].Success)
        {
            if (month is < 1 or > 12 || year < 1)
            {
                throw new FormatException("Not a calendar month.");
            }

            var mid = new DateOnly(year, month, 15).AddDays(days);
            return mid.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }

        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        // The FHIR pattern admits 2024-02-30: a value the parser accepted can still be no day of the calendar.
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw new FormatException("Not a calendar date.");
        }

        var shifted = new DateOnly(year, month, day).AddDays(days);
        return shifted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + match.Groups["rest"].Value;
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:-(?<m>\d{2})(?:-(?<d>\d{2})(?<rest>T.*)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FhirDatePattern();
}
