using System.Text.RegularExpressions;

namespace HealthMesh.Summarization.Text;

/// <summary>Lower-case content words with a light plural strip, for similarity; numbers are kept (they carry findings).</summary>
public static partial class Tokenizer
{
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "he", "she", "it", "they", "his", "her", "their", "this", "that", "these", "those",
        "which", "who", "will", "would", "there", "here", "also", "then", "than", "so", "if", "into", "over", "per", "patient", "pt",
    ];

    public static IReadOnlyList<string> Tokens(string text) =>
        Word().Matches(text)
            .Select(m => m.Value.ToLowerInvariant())
            .Where(t => !StopWords.Contains(t))
            .Select(t => t.Length > 3 && t.EndsWith('s') && !t.EndsWith("ss", StringComparison.Ordinal) ? t[..^1] : t)
            .ToList();

    /// <summary>Numbers as written ("142/91", "8.1"), to tell whether a sentence only repeats structured values.</summary>
    public static IReadOnlyList<string> Numbers(string text) => Number().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9'\-]*|\d+(?:[.,/]\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"\d+(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
