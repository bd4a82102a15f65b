using System.Text.RegularExpressions;

namespace HealthMesh.Summarization.Benchmarks;

/// <summary>
/// ROUGE-L (Lin 2004): F1 of the longest common subsequence of lower-cased alphanumeric tokens, every word kept and
/// unstemmed as in the reference scorer's defaults ("no" and "without" count: they carry the finding).
/// </summary>
public static partial class RougeL
{
    public static double F1(string candidate, string reference)
    {
        var c = Tokens(candidate);
        var r = Tokens(reference);
        if (c.Count == 0 || r.Count == 0)
        {
            return c.Count == r.Count ? 1 : 0;
        }

        var lcs = LongestCommonSubsequence(c, r);
        if (lcs == 0)
        {
            return 0;
        }

        var precision = (double)lcs / c.Count;
        var recall = (double)lcs / r.Count;
        return 2 * precision * recall / (precision + recall);
    }

    public static int LongestCommonSubsequence(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        // One row of the dynamic programme is enough: previous[j] is the LCS of a[..i] and b[..j].
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var i = 1; i <= a.Count; i++)
        {
            for (var j = 1; j <= b.Count; j++)
            {
                current[j] = string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Count];
    }

    public static IReadOnlyList<string> Tokens(string text) => Token().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    [GeneratedRegex(@"[a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
