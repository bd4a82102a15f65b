using System.Text.RegularExpressions;

namespace HealthMesh.Summarization.Coding;

/// <summary>
/// Terms, synonyms and abbreviations → ICD-10-CM code, from a tab-separated file (<c>term, code, flags</c>;
/// <c>#</c> comments). Matching is whole-word and longest-first, so "type 2 diabetes mellitus with hyperglycemia"
/// wins over "type 2 diabetes". A side word ("left", "right", "bilateral") may stand between the words of a
/// multi-word term: "acute left subdural hematoma" is the term "acute subdural hematoma", so laterality written in
/// the middle does not cost the more specific code. Terms that name a side themselves ("osteoarthritis of the right
/// knee") match only as written.
/// </summary>
public sealed partial class ClinicalTermDictionary
{
    private readonly Regex caseInsensitive;
    private readonly Regex? caseSensitive;
    private readonly Dictionary<string, ClinicalTerm> byTerm;
    private readonly Dictionary<string, ClinicalTerm> byAbbreviation;

    private ClinicalTermDictionary(IReadOnlyList<ClinicalTerm> terms)
    {
        Terms = terms;
        byTerm = terms.Where(t => !t.CaseSensitive).ToDictionary(t => Normalize(t.Term), StringComparer.OrdinalIgnoreCase);
        byAbbreviation = terms.Where(t => t.CaseSensitive).ToDictionary(t => t.Term, StringComparer.Ordinal);
        caseInsensitive = Build(terms.Where(t => !t.CaseSensitive), RegexOptions.IgnoreCase);
        caseSensitive = byAbbreviation.Count == 0 ? null : Build(terms.Where(t => t.CaseSensitive), RegexOptions.None);
    }

    public IReadOnlyList<ClinicalTerm> Terms { get; }

    /// <exception cref="InvalidDataException">A line has no code, or a term appears twice (line numbers named).</exception>
    public static ClinicalTermDictionary Parse(string content)
    {
        var terms = new List<ClinicalTerm>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (lineNumber, fields) in TabSeparatedLines.Read(content))
        {
            if (fields.Length < 2 || string.IsNullOrWhiteSpace(fields[0]) || string.IsNullOrWhiteSpace(fields[1]))
            {
                throw new InvalidDataException($"Clinical term dictionary line {lineNumber} needs a term and a code separated by a tab.");
            }

            var flags = fields.Length > 2 ? fields[2].Split(',', StringSplitOptions.TrimEntries) : [];
            if (flags.FirstOrDefault(f => f.Length > 0 && !f.Equals("abbr", StringComparison.OrdinalIgnoreCase) && !f.Equals("chronic", StringComparison.OrdinalIgnoreCase)) is { } unknown)
            {
                throw new InvalidDataException($"Clinical term dictionary line {lineNumber} has the unknown flag '{unknown}' (known: abbr, chronic).");
            }

            var caseSensitive = flags.Contains("abbr", StringComparer.OrdinalIgnoreCase);
            var chronic = flags.Contains("chronic", StringComparer.OrdinalIgnoreCase);
            if (!seen.Add((caseSensitive ? "abbr:" : string.Empty) + Normalize(fields[0])))
            {
                throw new InvalidDataException($"Clinical term dictionary line {lineNumber} repeats the term '{fields[0]}'.");
            }

            terms.Add(new ClinicalTerm(fields[0].Trim(), Icd10CodeTable.WithDot(fields[1].Trim()), caseSensitive, chronic));
        }

        return new ClinicalTermDictionary(terms);
    }

    /// <summary>Non-overlapping term mentions in <paramref name="text"/>, longest first where they overlap.</summary>
    public IReadOnlyList<ConceptMention> Find(string text, int start = 0, int? length = null)
    {
        var end = start + (length ?? text.Length - start);
        var window = text[start..end];
        var candidates = caseInsensitive.Matches(window).Select(m => new ConceptMention(TermFor(m.Value), start + m.Index, m.Length))
            .Concat(caseSensitive?.Matches(window).Select(m => new ConceptMention(byAbbreviation[m.Value], start + m.Index, m.Length)) ?? [])
            .OrderByDescending(m => m.Length)
            .ThenBy(m => m.Start);
        var taken = new List<ConceptMention>();
        foreach (var candidate in candidates)
        {
            if (!taken.Any(t => candidate.Start < t.Start + t.Length && t.Start < candidate.Start + candidate.Length))
            {
                taken.Add(candidate);
            }
        }

        return taken.OrderBy(t => t.Start).ToList();
    }

    /// <summary>The code for a whole phrase (a Condition's text), when the phrase is a dictionary term.</summary>
    public ClinicalTerm? Lookup(string phrase) =>
        byTerm.GetValueOrDefault(Normalize(phrase)) ?? byAbbreviation.GetValueOrDefault(phrase.Trim());

    /// <summary>The term a match of the case-insensitive pattern stands for: as written, else without an inserted side word.</summary>
    private ClinicalTerm TermFor(string matched) =>
        byTerm.GetValueOrDefault(Normalize(matched)) ?? byTerm[Normalize(SideWord().Replace(matched, " "))];

    private static Regex Build(IEnumerable<ClinicalTerm> terms, RegexOptions options)
    {
        // Spaces in a term match any run of white space, so line breaks inside a phrase do not hide it; between the
        // words of a (non-abbreviation) term one side word may stand.
        var gap = options.HasFlag(RegexOptions.IgnoreCase) ? @"\s+(?:(?:left|right|bilateral)\s+)?" : @"\s+";
        var alternatives = terms.Select(t => t.Term).OrderByDescending(t => t.Length)
            .Select(t => string.Join(SideWord().IsMatch(t) ? @"\s+" : gap, t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)));
        return new Regex(@"(?<![\w'’-])(?:" + string.Join('|', alternatives) + @")(?![\w-])", options | RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"\b(?:left|right|bilateral)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SideWord();

    private static string Normalize(string term) => string.Join(' ', term.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace('’', '\'');
}
