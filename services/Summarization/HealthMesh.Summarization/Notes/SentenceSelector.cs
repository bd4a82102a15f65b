using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Summarization.Embeddings;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.Notes;

/// <summary>
/// Chooses the sentences of one note section: drops those that only repeat structured data or an earlier sentence
/// (TF-IDF cosine at or above the threshold), ranks the rest by TextRank, then fills the section's budget in rank
/// order (a sentence that does not fit is skipped, a shorter one after it may still fit). Sentences
/// <c>mustKeep</c> names (a coded problem's evidence, a critical finding) are kept first and whatever the budget says:
/// a length limit must never hide what a code or a review priority rests on. The result is in reading order and every
/// chosen sentence cites its exact span. With an <paramref name="embedder"/>, TextRank's edge weights blend TF-IDF
/// cosine with embedding cosine (<paramref name="embeddingWeight"/> of the latter), so sentences that say the same
/// thing in other words count as related; duplicates are still judged by TF-IDF alone.
/// </summary>
public sealed partial class SentenceSelector(TfIdf tfIdf, double duplicateSimilarity, ISentenceEmbedder? embedder = null, double embeddingWeight = 0)
{
    public IReadOnlyList<NoteSentence> Select(
        IEnumerable<SentenceCandidate> candidates,
        IEnumerable<string> alreadySaid,
        SectionBudget budget,
        Func<SentenceCandidate, bool>? mustKeep = null) =>
        SelectCandidates(candidates, alreadySaid, budget, mustKeep).Select(Cite).ToList();

    /// <inheritdoc cref="Select"/>
    public IReadOnlyList<SentenceCandidate> SelectCandidates(
        IEnumerable<SentenceCandidate> candidates,
        IEnumerable<string> alreadySaid,
        SectionBudget budget,
        Func<SentenceCandidate, bool>? mustKeep = null)
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

        var scores = Rank(kept.Select(k => k.Sentence.Span.Text).ToList());
        var required = kept.Select(k => mustKeep?.Invoke(k) == true).ToList();
        var chosen = new List<int>();
        var characters = 0;
        foreach (var i in Enumerable.Range(0, kept.Count).OrderBy(i => required[i] ? 0 : 1).ThenByDescending(i => scores[i]).ThenBy(i => i))
        {
            var length = kept[i].Sentence.Span.Text.Length;
            if (required[i] || (chosen.Count < budget.Sentences && characters + length <= budget.Characters))
            {
                chosen.Add(i);
                characters += length;
            }
        }

        return chosen.Order().Select(i => kept[i]).ToList();
    }

    private IReadOnlyList<double> Rank(IReadOnlyList<string> sentences)
    {
        if (embedder is null || embeddingWeight <= 0 || sentences.Count < 2 || embedder.Embed(sentences) is not { } embeddings)
        {
            return TextRank.Scores(sentences, tfIdf);
        }

        var vectors = sentences.Select(tfIdf.Vector).ToList();
        return TextRank.Scores(sentences.Count, (i, j) =>
            ((1 - embeddingWeight) * TfIdf.Cosine(vectors[i], vectors[j])) + (embeddingWeight * Math.Max(0, OnnxSentenceEmbedder.Cosine(embeddings[i], embeddings[j]))));
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
