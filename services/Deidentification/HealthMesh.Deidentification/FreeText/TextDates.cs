using System.Globalization;
using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Surrogates;

namespace HealthMesh.Deidentification.FreeText;

/// <summary>
/// Dates written in prose (2024-03-12, 3/12/2024, 03-12-24, March 12, 2024, 12 Mar 2024, March 2024), shifted by the
/// patient's offset and written back in the format they were found in, so the note still reads naturally.
/// </summary>
public static partial class TextDates
{
    private static readonly string[] FullMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static IEnumerable<TextReplacement> Find(string text, int days)
    {
        foreach (Match m in IsoDate().Matches(text))
        {
            if (TryDate(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value, out var date))
            {
                var shifted = DateShift.Shift(date, days);
                yield return Replace(m, shifted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }

        foreach (Match m in NumericDate().Matches(text))
        {
            var yearText = m.Groups["y"].Value;
            var year = yearText.Length == 2 ? TwoDigitYear(yearText) : yearText;
            if (TryDate(year, m.Groups["m"].Value, m.Groups["d"].Value, out var date))
            {
                var shifted = DateShift.Shift(date, days);
                var sep = m.Groups["sep"].Value;
                var rendered = Pad(shifted.Month, m.Groups["m"].Value, numeric: true) + sep + Pad(shifted.Day, m.Groups["d"].Value, numeric: true) + sep +
                    (yearText.Length == 2 ? (shifted.Year % 100).ToString("D2", CultureInfo.InvariantCulture) : shifted.Year.ToString(CultureInfo.InvariantCulture));
                yield return Replace(m, rendered);
            }
        }

        foreach (Match m in MonthDayYear().Matches(text))
        {
            if (TryMonth(m.Groups["mon"].Value, out var month) && TryDate(m.Groups["y"].Value, month.ToString(CultureInfo.InvariantCulture), m.Groups["d"].Value, out var date))
            {
                var shifted = DateShift.Shift(date, days);
                var rendered = MonthName(shifted.Month, m.Groups["mon"].Value) + m.Groups["dot"].Value + m.Groups["s1"].Value +
                    Pad(shifted.Day, m.Groups["d"].Value, numeric: false) + (m.Groups["ord"].Success ? Ordinal(shifted.Day) : string.Empty) +
                    m.Groups["s2"].Value + shifted.Year.ToString(CultureInfo.InvariantCulture);
                yield return Replace(m, rendered);
            }
        }

        foreach (Match m in DayMonthYear().Matches(text))
        {
            if (TryMonth(m.Groups["mon"].Value, out var month) && TryDate(m.Groups["y"].Value, month.ToString(CultureInfo.InvariantCulture), m.Groups["d"].Value, out var date))
            {
                var shifted = DateShift.Shift(date, days);
                var rendered = Pad(shifted.Day, m.Groups["d"].Value, numeric: false) + m.Groups["s1"].Value + MonthName(shifted.Month, m.Groups["mon"].Value) +
                    m.Groups["dot"].Value + m.Groups["s2"].Value + shifted.Year.ToString(CultureInfo.InvariantCulture);
                yield return Replace(m, rendered);
            }
        }

        foreach (Match m in MonthYear().Matches(text))
        {
            if (TryMonth(m.Groups["mon"].Value, out var month))
            {
                var shifted = DateShift.Shift(new DateOnly(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), month, 15), days);
                yield return Replace(m, MonthName(shifted.Month, m.Groups["mon"].Value) + m.Groups["s1"].Value + shifted.Year.ToString(CultureInfo.InvariantCulture));
            }
        }

        // Month and day without a year are still date elements Safe Harbor removes ("seen March 3", "K 5.9 on 3/14").
        foreach (Match m in MonthDay().Matches(text))
        {
            if (TryMonth(m.Groups["mon"].Value, out var month) && TryDate("2000", month.ToString(CultureInfo.InvariantCulture), m.Groups["d"].Value, out var date))
            {
                var shifted = DateShift.Shift(date, days);
                yield return Replace(m, MonthName(shifted.Month, m.Groups["mon"].Value) + m.Groups["dot"].Value + m.Groups["s1"].Value +
                    Pad(shifted.Day, m.Groups["d"].Value, numeric: false) + (m.Groups["ord"].Success ? Ordinal(shifted.Day) : string.Empty));
            }
        }

        foreach (Match m in DayMonth().Matches(text))
        {
            if (TryMonth(m.Groups["mon"].Value, out var month) && TryDate("2000", month.ToString(CultureInfo.InvariantCulture), m.Groups["d"].Value, out var date))
            {
                var shifted = DateShift.Shift(date, days);
                yield return Replace(m, Pad(shifted.Day, m.Groups["d"].Value, numeric: false) + m.Groups["s1"].Value + MonthName(shifted.Month, m.Groups["mon"].Value));
            }
        }

        foreach (Match m in CuedMonthDay().Matches(text))
        {
            if (TryDate("2000", m.Groups["m"].Value, m.Groups["d"].Value, out var date))
            {
                var shifted = DateShift.Shift(date, days);
                yield return Replace(m, Pad(shifted.Month, m.Groups["m"].Value, numeric: true) + "/" + Pad(shifted.Day, m.Groups["d"].Value, numeric: true));
            }
        }
    }

    /// <summary>True for a month name or its abbreviation as a word ("March", "Sept"), which is no person's name in a run.</summary>
    public static bool IsMonth(string word) => MonthWord().IsMatch(word);

    private static TextReplacement Replace(Match m, string rendered) => new(m.Index, m.Length, rendered, m.Value, SurrogateKind.Date);

    // Notes are recent and birth dates old: two-digit years up to 30 are read as 20xx, the rest as 19xx.
    private static string TwoDigitYear(string yy)
    {
        var n = int.Parse(yy, CultureInfo.InvariantCulture);
        return (n <= 30 ? 2000 + n : 1900 + n).ToString(CultureInfo.InvariantCulture);
    }

    private static bool TryDate(string year, string month, string day, out DateOnly date)
    {
        date = default;
        if (!int.TryParse(year, CultureInfo.InvariantCulture, out var y) || !int.TryParse(month, CultureInfo.InvariantCulture, out var m) || !int.TryParse(day, CultureInfo.InvariantCulture, out var d))
        {
            return false;
        }

        if (y is < 1800 or > 2200 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        date = new DateOnly(y, m, d);
        return true;
    }

    private static bool TryMonth(string name, out int month)
    {
        month = Array.FindIndex(FullMonths, full => full.StartsWith(name[..3], StringComparison.OrdinalIgnoreCase)) + 1;
        return month > 0;
    }

    private static string MonthName(int month, string asWritten)
    {
        var full = FullMonths[month - 1];
        var name = FullMonths.Contains(asWritten, StringComparer.OrdinalIgnoreCase) ? full : full[..3];
        return asWritten.All(c => !char.IsLower(c)) ? name.ToUpperInvariant() : name;
    }

    // "03" was zero-padded and stays so; in numeric dates "12" implies the MM/DD style, after a month name it does not.
    private static string Pad(int value, string written, bool numeric) =>
        value.ToString(written.StartsWith('0') || (numeric && written.Length == 2) ? "D2" : "D", CultureInfo.InvariantCulture);

    private static string Ordinal(int day) => (day % 100) switch
    {
        11 or 12 or 13 => "th",
        _ => (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" },
    };

    private const string Months = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC";

    [GeneratedRegex(@"(?<![\w-])(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<![\w/.-])(?<m>\d{1,2})(?<sep>[/-])(?<d>\d{1,2})\k<sep>(?<y>\d{4}|\d{2})(?![\w/-])", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b(?<mon>" + Months + @")(?<dot>\.?)(?<s1>\s+)(?<d>\d{1,2})(?<ord>st|nd|rd|th)?(?<s2>,?\s+)(?<y>\d{4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?<s1>\s+|-)(?<mon>" + Months + @")(?<dot>\.?)(?<s2>,?\s+|-)(?<y>\d{4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b(?<mon>" + Months + @")(?<dot>\.?)(?<s1>\s+)(?<d>\d{1,2})(?<ord>st|nd|rd|th)?\b(?!\s*[,:]?\s*\d{4}|\s*(?:mg|mcg|g|mL|ml|units?|tabs?|tablets?|%|mmHg|kg|lb))", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?<s1>\s+)(?<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b(?!\.?,?\s+\d{4})", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"(?:(?<=\b(?:on|since|from|until|till|through|thru|dated|as\s+of|starting|effective|drawn|collected|onset|visit|clinic|appointment|appt|follow-up|f/u|seen|due|admitted|discharged)\s+)|(?<=\())(?<m>\d{1,2})/(?<d>\d{1,2})(?![\w/]|\.\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CuedMonthDay();

    [GeneratedRegex(@"^(?:" + Months + @")$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthWord();

    [GeneratedRegex(@"\b(?<mon>January|February|March|April|May|June|July|August|September|October|November|December)(?<s1>\s+)(?<y>\d{4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();
}
