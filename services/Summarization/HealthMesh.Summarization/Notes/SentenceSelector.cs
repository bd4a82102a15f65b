using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.Notes;

/// <summary>
/// Chooses the sentences of one note section: drops those that only repeat structured data or an earlier sentence
/// (TF-IDF cosine at or above the threshold), ranks the rest by TextRank and keeps the best within the budget, in
/// reading order. Every chosen sentence cites its exact span.
/// </summary>
public sealed partial class SentenceSelector(TfIdf tfIdf, double duplicateSimilarity)
{
    public IReadOnlyList<NoteSentence> Select(IEnumerable<SentenceCandidate> candidates, IEnumerable<string> alreadySaid, int budget)
    {
        var said = alreadySaid.Select(tfIdf.Vector).ToList();
        var kept = new List<SentenceCandidate>();
        foreach (var candidate in candidates)
        {
            var vector = tfIdf.Vector(candidate.Sentence.Span.Text);
            if (vector.Count == 0 || IsAdministrative(candidate.Sentence.Span.Text) || said.Any(s => TfIdf.Cosine(vector, s) >= duplicateSimilarity))
            {
                continue;
            }

            kept.Add(candidate);
            said.Add(vector);
        }

        var scores = TextRank.Scores(kept.Select(k => k.Sentence.Span.Text).ToList(), tfIdf);
        return TextRank.Top(scores, budget).Select(i => Cite(kept[i])).ToList();
    }

    public static NoteSentence Cite(SentenceCandidate candidate) =>
        new(candidate.Sentence.Span.Text, [new Evidence(candidate.Source.SourceId, candidate.Sentence.Span.Start, candidate.Sentence.Span.Length)]);

    /// <summary>A structured fact as a sentence: the whole rendered line is its own evidence.</summary>
    public static NoteSentence Cite(StructuredFact fact) =>
        new(fact.Source.Text, [new Evidence(fact.Source.SourceId, 0, fact.Source.Text.Length)]);

    // How to reach the patient or the portal is no clinical content; in de-identified text it is surrogates anyway.
    private static bool IsAdministrative(string sentence) => Administrative().IsMatch(sentence);

    [GeneratedRegex(@"\[ADDRESS\]|https?://|www\.|\S+@\S+\.\w+|\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Administrative();
}
