using System.Text.RegularExpressions;

namespace HealthMesh.Inference.Training.Sections;

/// <summary>
/// A WordPiece vocabulary made from the training sentences: BERT's special tokens, every lower-cased word seen at
/// least <c>minCount</c> times (twice by default), and each letter, digit and punctuation mark alone and as a "##" continuation, so that WordPiece
/// spells any unseen word out of characters instead of reading [UNK].
/// </summary>
public static partial class SectionVocabulary
{
    public static IReadOnlyList<string> Build(IEnumerable<string> sentences, int minCount = 2)
    {
        var counts = sentences.SelectMany(s => Word().Matches(s.ToLowerInvariant()).Select(m => m.Value))
            .GroupBy(w => w, StringComparer.Ordinal)
            .Where(g => g.Count() >= minCount && g.Key.Length > 1)
            .Select(g => g.Key)
            .Order(StringComparer.Ordinal);
        var characters = "abcdefghijklmnopqrstuvwxyz0123456789".Select(c => c.ToString()).ToList();
        var punctuation = ".,:;/-()%+<>=&'\"#*[]?!".Select(c => c.ToString());
        return ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. characters, .. punctuation, .. characters.Select(c => "##" + c), .. counts];
    }

    [GeneratedRegex(@"[a-z]+|\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
