namespace HealthMesh.Deidentification.FreeText;

/// <summary>
/// The word lists behind finding names and places a record does not tell us about: common given and family names,
/// names that are also ordinary words (never a name on their own), and US cities. Kept as embedded text files,
/// one entry per line or several per line for names, so they are data a deployment can read and review.
/// </summary>
public static class PhiDictionaries
{
    private static readonly HashSet<string> Given = Words("given-names.txt");
    private static readonly HashSet<string> Family = Words("family-names.txt");
    private static readonly HashSet<string> NameWords = Words("name-words.txt");

    // City names by their first word, longest first so "Salt Lake City" wins over a shorter entry. Looked up per
    // capitalised word: one alternation of every city scanned at every position cost more than the rest of the scrubber.
    private static readonly Dictionary<string, string[]> CitiesByFirstWord = Lines("cities.txt").Distinct()
        .GroupBy(c => c.Split(' ', '.')[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Length).ToArray(), StringComparer.Ordinal);

    /// <summary>The length of the listed city that starts at <paramref name="start"/> (a capitalised word), or 0.</summary>
    public static int CityAt(string text, int start, string firstWord)
    {
        if (!CitiesByFirstWord.TryGetValue(firstWord, out var cities))
        {
            return 0;
        }

        foreach (var city in cities)
        {
            var end = start + city.Length;
            if (text.AsSpan(start).StartsWith(city, StringComparison.Ordinal) && (end == text.Length || !(char.IsLetterOrDigit(text[end]) || text[end] is '-' or '\'' or '’')))
            {
                return city.Length;
            }
        }

        return 0;
    }

    public static bool IsGivenName(string word) => Given.Contains(word);

    public static bool IsFamilyName(string word) => Family.Contains(word);

    /// <summary>A name that is also a word, eponym or drug ("Will", "Hope", "Brown", "Parkinson"): a name only in company.</summary>
    public static bool IsNameWord(string word) => NameWords.Contains(word);

    private static HashSet<string> Words(string file) =>
        new(Lines(file).SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Lines(string file)
    {
        using var stream = typeof(PhiDictionaries).Assembly.GetManifestResourceStream($"Dictionaries/{file}")
            ?? throw new InvalidOperationException($"The de-identification dictionary {file} is not embedded.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
