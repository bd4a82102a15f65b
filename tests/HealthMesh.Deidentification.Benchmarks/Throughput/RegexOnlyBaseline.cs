using System.Text.RegularExpressions;

namespace HealthMesh.Deidentification.Benchmarks.Throughput;

/// <summary>
/// The baseline: the plain regex-only pass a team would write first (SSN, phone, e-mail, URL, IP, numeric and ISO
/// dates, long numbers), each a compiled Regex.Replace. No names, no context, no surrogates: the cost floor.
/// </summary>
public static partial class RegexOnlyBaseline
{
    /// <summary>The spans the same patterns match, with the detector group they would be scored under.</summary>
    public static IReadOnlyList<(int Start, int Length, string Group)> Find(string text)
    {
        (Regex Pattern, string Group)[] detectors =
            [(Ssn(), "SSN"), (Phone(), "PHONE"), (Email(), "EMAIL"), (Url(), "URL"), (Ip(), "IP"), (Date(), "DATE"), (LongNumber(), "ID")];
        return detectors.SelectMany(d => d.Pattern.Matches(text).Select(m => (m.Index, m.Length, d.Group))).ToList();
    }

    public static string Scrub(string text)
    {
        text = Ssn().Replace(text, "[SSN]");
        text = Phone().Replace(text, "[PHONE]");
        text = Email().Replace(text, "[EMAIL]");
        text = Url().Replace(text, "[URL]");
        text = Ip().Replace(text, "[IP]");
        text = Date().Replace(text, "[DATE]");
        return LongNumber().Replace(text, "[ID]");
    }

    [GeneratedRegex(@"\b\d{3}-\d{2}-\d{4}\b")]
    private static partial Regex Ssn();

    [GeneratedRegex(@"(?:\(\d{3}\)\s?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b")]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b[\w.%+-]+@[\w.-]+\.[A-Za-z]{2,}\b")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\b(?:\d{1,3}\.){3}\d{1,3}\b")]
    private static partial Regex Ip();

    [GeneratedRegex(@"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b")]
    private static partial Regex Date();

    [GeneratedRegex(@"\b\d{7,}\b")]
    private static partial Regex LongNumber();
}
