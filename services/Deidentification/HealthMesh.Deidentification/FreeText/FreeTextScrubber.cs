using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Surrogates;

namespace HealthMesh.Deidentification.FreeText;

/// <summary>
/// Replaces PHI in prose: first what the record itself says about its people (names and their variants, identifiers,
/// phones, addresses), then patterns (dates, phones, e-mails, SSNs, MRN-like ids, URLs, IPs, ZIPs, titled names).
/// Surrogates come from the session, so a name or date reads the same in every text and in the structured data.
/// </summary>
public sealed partial class FreeTextScrubber(FreeTextReplacement replacement = FreeTextReplacement.Surrogates)
{
    public FreeTextReplacement Replacement { get; } = replacement;

    public string Scrub(string text, DeidentificationSession session) => Apply(text, Find(text, session), session);

    /// <summary>
    /// The PHI spans of <paramref name="text"/> with their surrogates, earliest first and never overlapping (where
    /// two overlap the earlier, then the longer wins). Nothing is recorded in the vault until the spans are applied.
    /// </summary>
    public IReadOnlyList<TextReplacement> Find(string text, DeidentificationSession session)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        // No surrogate may be a word this text already holds: "Mr. Pettigrew" must not become "Mr. Whitcombe" in a note
        // that also names the real Dr. Whitcombe, or a real name would stand in the output.
        foreach (Match word in CapitalisedWord().Matches(text))
        {
            session.Surrogates.Reserve(word.Value);
        }

        var found = new List<TextReplacement>();
        FindKnownNames(text, session, found);
        FindInitials(text, session, found);
        FindTitledNames(text, session, found);
        FindCuedNames(text, session, found);
        FindDictionaryNames(text, session, found);
        FindOtherMentions(text, session, found);
        FindKnownValues(text, session, found);
        FindPatterns(text, session, found);
        FindPlaces(text, found);
        found.AddRange(TextDates.Find(text, session.DateShiftDays));
        DropNamedTerms(text, session, found);
        return Select(found);
    }

    // A name or town found by dictionary or cue inside "Austin Flint murmur" is medicine; one the record lists stays found.
    private static void DropNamedTerms(string text, DeidentificationSession session, List<TextReplacement> found)
    {
        foreach (Match term in MedicalVocabulary.NamedTerms(text))
        {
            found.RemoveAll(r => r.Start < term.Index + term.Length && term.Index < r.Start + r.Length
                && r.Kind is SurrogateKind.GivenName or SurrogateKind.FamilyName or null
                && !session.Known.NameTokens.ContainsKey(r.Original));
        }
    }

    // Earliest first, then longest: an e-mail wins over the name inside it, a full date over its month.
    private static List<TextReplacement> Select(List<TextReplacement> found)
    {
        var selected = new List<TextReplacement>(found.Count);
        var position = 0;
        foreach (var replacement in found.Select((r, i) => (r, i)).OrderBy(x => x.r.Start).ThenByDescending(x => x.r.Length).ThenBy(x => x.i).Select(x => x.r))
        {
            if (replacement.Start >= position)
            {
                selected.Add(replacement);
                position = replacement.Start + replacement.Length;
            }
        }

        return selected;
    }

    private static void FindKnownNames(string text, DeidentificationSession session, List<TextReplacement> found)
    {
        if (session.Known.NamePattern is not { } pattern)
        {
            return;
        }

        foreach (Match m in pattern.Matches(text))
        {
            // Lower-case "will" or "grace" is a word, not the patient; names in notes are capitalised.
            if (!char.IsUpper(m.Value[0]) || MedicalVocabulary.IsEponymUse(text, m.Index, m.Length))
            {
                continue;
            }

            var kind = session.Known.NameTokens[m.Value];
            found.Add(new TextReplacement(m.Index, m.Length, MatchCase(NameSurrogate(session, m.Value, kind), m.Value), m.Value, kind));
        }
    }

    private static void FindInitials(string text, DeidentificationSession session, List<TextReplacement> found)
    {
        foreach (Match m in DottedInitials().Matches(text))
        {
            if (!session.Known.Initials.TryGetValue((m.Groups["g"].Value[0], m.Groups["f"].Value[0]), out var person))
            {
                continue;
            }

            var surrogate = $"{NameSurrogate(session, person.First.Name, person.First.Kind)[0]}.{m.Groups["space"].Value}{NameSurrogate(session, person.Second.Name, person.Second.Kind)[0]}.";
            found.Add(new TextReplacement(m.Index, m.Length, surrogate, m.Value, SurrogateKind.Initials));
        }
    }

    private static void FindTitledNames(string text, DeidentificationSession session, List<TextReplacement> found)
    {
        foreach (Match m in TitledName().Matches(text))
        {
            var first = m.Groups["n1"];
            var second = m.Groups["n2"];
            var hasSecond = second.Success && !MedicalVocabulary.IsNotAName(second.Value);
            if (!MedicalVocabulary.IsNotAName(first.Value))
            {
                var kind = session.Known.NameTokens.TryGetValue(first.Value, out var known) ? known : hasSecond ? SurrogateKind.GivenName : SurrogateKind.FamilyName;
                found.Add(new TextReplacement(first.Index, first.Length, MatchCase(NameSurrogate(session, first.Value, kind), first.Value), first.Value, kind));
            }

            if (hasSecond)
            {
                var kind = session.Known.NameTokens.TryGetValue(second.Value, out var known) ? known : SurrogateKind.FamilyName;
                found.Add(new TextReplacement(second.Index, second.Length, MatchCase(NameSurrogate(session, second.Value, kind), second.Value), second.Value, kind));
            }
        }
    }

    private static void FindKnownValues(string text, DeidentificationSession session, List<TextReplacement> found)
    {
        foreach (var value in session.Known.IdentifierValues)
        {
            foreach (var index in Occurrences(text, value, StringComparison.Ordinal))
            {
                found.Add(new TextReplacement(index, value.Length, session.Surrogates.Identifier(value), value, SurrogateKind.Identifier));
            }
        }

        if (session.Known.PhoneDigits.Count > 0)
        {
            // Phones the record lists, also where the prose writes them unusually ("617.432.0198 ext", "6174320198").
            foreach (Match m in DigitRun().Matches(text))
            {
                var digits = Digits(m.Value);
                if (session.Known.PhoneDigits.Contains(digits) || (digits.Length == 11 && digits[0] == '1' && session.Known.PhoneDigits.Contains(digits[1..])))
                {
                    found.Add(new TextReplacement(m.Index, m.Length, session.Surrogates.Phone(digits), m.Value, SurrogateKind.Phone));
                }
            }
        }

        foreach (var email in session.Known.Emails)
        {
            foreach (var index in Occurrences(text, email, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(new TextReplacement(index, email.Length, session.Surrogates.Email(email), text.Substring(index, email.Length), SurrogateKind.Email));
            }
        }

        foreach (var part in session.Known.AddressParts)
        {
            foreach (var index in Occurrences(text, part, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(new TextReplacement(index, part.Length, "[ADDRESS]", text.Substring(index, part.Length), null));
            }
        }
    }

    private static void FindPatterns(string text, DeidentificationSession session, List<TextReplacement> found)
    {
        var surrogates = session.Surrogates;
        foreach (Match m in Ssn().Matches(text))
        {
            found.Add(new TextReplacement(m.Index, m.Length, surrogates.Ssn(Digits(m.Value)), m.Value, SurrogateKind.Ssn));
        }

        foreach (Match m in Phone().Matches(text))
        {
            found.Add(new TextReplacement(m.Index, m.Length, surrogates.Phone(Digits(m.Value)), m.Value, SurrogateKind.Phone));
        }

        // E-mail and URL patterns try every word; most texts hold neither, which one vectorised search tells.
        foreach (Match m in text.Contains('@') ? Email().Matches(text) : Enumerable.Empty<Match>())
        {
            found.Add(new TextReplacement(m.Index, m.Length, surrogates.Email(m.Value), m.Value, SurrogateKind.Email));
        }

        foreach (Match m in UrlHint().IsMatch(text) ? Url().Matches(text) : Enumerable.Empty<Match>())
        {
            var url = m.Value.TrimEnd('.', ',', ')', ';');
            found.Add(new TextReplacement(m.Index, url.Length, surrogates.Url(url), url, SurrogateKind.Url));
        }

        foreach (Match m in IpAddress().Matches(text))
        {
            if (m.Value.Split('.').All(octet => int.Parse(octet, System.Globalization.CultureInfo.InvariantCulture) <= 255))
            {
                found.Add(new TextReplacement(m.Index, m.Length, surrogates.IpAddress(m.Value), m.Value, SurrogateKind.IpAddress));
            }
        }

        foreach (var m in AnchoredMatches(text, IdentifierLabelStarts, LabelledIdentifier()))
        {
            var id = m.Groups["id"];
            found.Add(new TextReplacement(id.Index, id.Length, surrogates.Identifier(id.Value), id.Value, SurrogateKind.Identifier));
        }

        foreach (Match m in LongNumber().Matches(text))
        {
            found.Add(new TextReplacement(m.Index, m.Length, surrogates.Identifier(m.Value), m.Value, SurrogateKind.Identifier));
        }

        foreach (Match m in IdShaped().Matches(text))
        {
            // Upper-case letters and at least four digits: an identifier, never a lab name ("HbA1c", "SpO2", "ICD-10").
            if (m.Value.Count(char.IsDigit) >= 4 && m.Value.Any(char.IsLetter) && !IsoDateTime().IsMatch(m.Value))
            {
                found.Add(new TextReplacement(m.Index, m.Length, surrogates.Identifier(m.Value), m.Value, SurrogateKind.Identifier));
            }
        }

        foreach (Match m in StreetAddress().Matches(text))
        {
            found.Add(new TextReplacement(m.Index, m.Length, "[ADDRESS]", m.Value, null));
        }

        foreach (Match m in Zip().Matches(text))
        {
            var zip = m.Groups["zip"];
            found.Add(new TextReplacement(zip.Index, zip.Length, SafeHarborGeography.Zip3(zip.Value) + "XX", zip.Value, null));
        }

        foreach (Match m in Age().Matches(text))
        {
            var age = m.Groups["age"];
            if (int.Parse(age.Value, System.Globalization.CultureInfo.InvariantCulture) >= 90)
            {
                found.Add(new TextReplacement(age.Index, age.Length, "90+", age.Value, null));
            }
        }
    }

    private string Apply(string text, IReadOnlyList<TextReplacement> selected, DeidentificationSession session)
    {
        if (selected.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var replacement in selected)
        {
            var tagged = Replacement == FreeTextReplacement.Tags;
            builder.Append(text, position, replacement.Start - position).Append(tagged ? Tag(replacement) : replacement.Surrogate);
            position = replacement.Start + replacement.Length;
            if (!tagged && replacement.Kind is { } kind)
            {
                session.Vault.Record(replacement.Surrogate, replacement.Original, kind);
            }

            session.CountReplacement();
            session.Audit.Count(AuditKind(replacement), tagged ? KnownTextMethods.Tag : KnownTextMethods.Surrogate);
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>
    /// The matches of <paramref name="anchored"/> (a pattern starting with <c>\G</c>) tried only where one of its
    /// <paramref name="starts"/> stands: a long case-insensitive alternation scanned at every position was the
    /// scrubber's most expensive step, and a vectorised search for its first words finds the few places worth trying.
    /// Same matches as scanning, left to right and never overlapping.
    /// </summary>
    private static IEnumerable<Match> AnchoredMatches(string text, SearchValues<string> starts, Regex anchored)
    {
        var position = 0;
        while (position < text.Length)
        {
            var offset = text.AsSpan(position).IndexOfAny(starts);
            if (offset < 0)
            {
                yield break;
            }

            var match = anchored.Match(text, position + offset);
            if (match.Success)
            {
                yield return match;
                position = match.Index + Math.Max(match.Length, 1);
            }
            else
            {
                position += offset + 1;
            }
        }
    }

    /// <summary>The tag standing for a replacement in <see cref="FreeTextReplacement.Tags"/> mode.</summary>
    public static string Tag(TextReplacement replacement) => replacement.Kind switch
    {
        SurrogateKind.GivenName or SurrogateKind.FamilyName or SurrogateKind.Initials => "[NAME]",
        SurrogateKind.Identifier or SurrogateKind.ResourceId => "[ID]",
        SurrogateKind.Date => "[DATE]",
        SurrogateKind.Phone => "[PHONE]",
        SurrogateKind.Email => "[EMAIL]",
        SurrogateKind.Ssn => "[SSN]",
        SurrogateKind.Url => "[URL]",
        SurrogateKind.IpAddress => "[IP]",
        // Generalisations are already tags ("[CITY]", "[ADDRESS]") or a coarser value: a ZIP3 or "90+".
        _ when replacement.Surrogate.StartsWith('[') => replacement.Surrogate,
        _ when replacement.Surrogate == "90+" => "[AGE]",
        _ => "[ZIP]",
    };

    private static string AuditKind(TextReplacement replacement) => Tag(replacement).Trim('[', ']').ToLowerInvariant() switch
    {
        "city" or "address" or "zip" => "geography",
        var kind => kind,
    };

    private static string NameSurrogate(DeidentificationSession session, string original, SurrogateKind kind) =>
        kind == SurrogateKind.GivenName ? session.Surrogates.GivenName(original) : session.Surrogates.FamilyName(original);

    private static string MatchCase(string surrogate, string original) =>
        original.Length > 1 && original.All(c => !char.IsLetter(c) || char.IsUpper(c)) ? surrogate.ToUpperInvariant() : surrogate;

    private static string Digits(string value) => new(value.Where(char.IsDigit).ToArray());

    private static IEnumerable<int> Occurrences(string text, string value, StringComparison comparison)
    {
        if (value.Length < 3)
        {
            yield break;
        }

        for (var index = text.IndexOf(value, comparison); index >= 0; index = text.IndexOf(value, index + value.Length, comparison))
        {
            var startsWord = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var endsWord = index + value.Length == text.Length || !char.IsLetterOrDigit(text[index + value.Length]);
            if (startsWord && endsWord)
            {
                yield return index;
            }
        }
    }

    [GeneratedRegex(@"(?<![\w])\+?\(?\d[\d().\- ]{5,}\d(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"(?<![\w.])(?<g>[A-Z])\.(?<space>\s?)(?<f>[A-Z])\.", RegexOptions.CultureInvariant)]
    private static partial Regex DottedInitials();

    [GeneratedRegex(@"\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof)\.?\s+(?<n1>[A-Z][A-Za-z'’\-]+)(?:[ \t]+(?<n2>[A-Z][A-Za-z'’\-]+))?", RegexOptions.CultureInvariant)]
    private static partial Regex TitledName();

    [GeneratedRegex(@"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Ssn();

    [GeneratedRegex(@"(?<![\w-])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""]+|\b(?:[a-z0-9\-]+\.)+(?:com|org|net|edu|gov|io|us|health)(?:/[^\s<>""]*)?(?![\w@])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"https?://|www\.|\.(?:com|org|net|edu|gov|io|us|health)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlHint();

    [GeneratedRegex(@"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])", RegexOptions.CultureInvariant)]
    private static partial Regex IpAddress();

    // The label names the identifier; the value is anything id-shaped after it ("MRN: A7734219", "VIN 1HGCM82633A004352").
    // Every alternative of LabelledIdentifier starts with one of these words (case-insensitive).
    private static readonly SearchValues<string> IdentifierLabelStarts = SearchValues.Create(
        ["mr", "medic", "acc", "member", "subscriber", "policy", "group", "health", "insurance", "beneficiary", "driver", "licen", "dl", "dea", "npi", "vin",
         "plate", "serial", "s/n", "device", "udi", "case", "claim", "employee", "badge", "passport", "study", "certificate"],
        StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\G\b(?:MRN|MR\s?#|Medical\s+Record\s+(?:Number|No\.?|#)|Acct\.?\s*(?:#|No\.?)?|Account(?:\s+(?:Number|No\.?|#|ID))?|Member\s+(?:ID|No\.?|#|Number)|Subscriber\s+(?:ID|No\.?|#)|Policy\s+(?:Number|No\.?|#|ID)|Group\s+(?:Number|No\.?|#)|(?:Health\s+plan|Insurance|Medicaid|Medicare|Beneficiary)\s+(?:ID|No\.?|#|Number)|(?:Driver'?s\s+)?Licen[cs]e\s+(?:Number|No\.?|#)|DL\s?#|DEA\s?#?|NPI|VIN|License\s+plate|Plate(?:\s+(?:No\.?|#|number))?|Serial\s+(?:Number|No\.?|#)|S/N|Device\s+(?:ID|Identifier|#)|UDI|Case\s+(?:Number|No\.?|#)|Claim\s+(?:Number|No\.?|#)|Employee\s+(?:ID|No\.?|#)|Badge\s+(?:No\.?|#)|Passport\s+(?:Number|No\.?|#)|Study\s+ID|Accession\s+(?:Number|No\.?|#)|Certificate\s+(?:Number|No\.?|#))\s*[:#]?\s*(?:is\s+)?(?<id>(?=[A-Za-z\-]*\d)[A-Za-z0-9][A-Za-z0-9\-]{3,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabelledIdentifier();

    [GeneratedRegex(@"(?<![\w.-])[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){5,}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex IdShaped();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"(?<![\w.,/-])\d{7,}(?![\w,/-]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Square|Pike)\b\.?(?:,?\s+(?:Apt|Apartment|Unit|Suite|Ste)\.?\s*#?[A-Za-z0-9\-]+)?|\bP\.?\s?O\.?\s+Box\s+\d+|(?<=\b(?:on|off|near)\s+)(?:[A-Z][a-z]+\s+){1,2}(?:Street|Avenue|Road|Lane|Boulevard|Parkway|Terrace)\b", RegexOptions.CultureInvariant)]
    private static partial Regex StreetAddress();

    [GeneratedRegex(@"(?:\b[A-Z]{2}|\b(?:ZIP|Zip|zip)(?:\s+code)?:?)\s+(?<zip>\d{5})(?:-\d{4})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Zip();

    [GeneratedRegex(@"\b(?<age>\d{2,3})(?:\s*-?\s*(?:year|yr)s?\s*-?\s*old|\s*(?:yo|y/o|y\.o\.)|\s+years\s+of\s+age)|\bage(?:d)?\s*:?\s*(?<age>\d{2,3})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Age();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}'-]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedWord();
}
