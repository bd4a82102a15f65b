using HealthMesh.Contracts;
using HealthMesh.Summarization.Embeddings;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.Coding;

/// <summary>
/// Turns evidence into ICD-10-CM proposals: only codes the table knows as billable; one proposal per code with all its
/// evidence; and an "unspecified"/"without complications" code is dropped when a more specific code of the same
/// category is proposed (E11.65 makes E11.9 wrong, not just redundant); a code the subsumed-code table says is part of
/// another proposed code (cough beside COPD with exacerbation) is dropped; a pair ICD-10-CM combines (hypertension and
/// chronic kidney disease) becomes its combination code. With a <paramref name="retriever"/>, a Condition the rules
/// cannot code gets the code whose description its text is nearest to (embedding cosine).
/// </summary>
public sealed class CodeProposer(Icd10CodeTable table, ClinicalTermDictionary dictionary, SubsumedCodeTable subsumed, CombinationCodeTable combinations, EmbeddingCodeRetriever? retriever = null)
{
    /// <summary>Evidence from the dictionary terms of one sentence; only present findings count.</summary>
    public IEnumerable<CodeEvidence> FromSentence(string sourceId, string sourceText, SectionedSentence sentence)
    {
        var rule = sentence.Section is NoteSectionKind.Assessment or NoteSectionKind.AssessmentAndPlan or NoteSectionKind.Impression
            ? KnownCodingRules.AssessmentText
            : KnownCodingRules.TextDictionary;
        foreach (var mention in dictionary.Find(sourceText, sentence.Span.Start, sentence.Span.Length))
        {
            var assertion = AssertionClassifier.Classify(sentence.Span.Text, mention.Start - sentence.Span.Start, mention.Length, sentence.Section, mention.Term.Chronic);
            if (assertion == Assertion.Present)
            {
                yield return new CodeEvidence(mention.Term.Code, new Evidence(sourceId, mention.Start, mention.Length), KnownCodingRules.Confidence(rule), rule);
            }
        }
    }

    /// <summary>
    /// Evidence from a Condition: its ICD-10-CM codings the table knows as billable, else its name looked up in the
    /// dictionary (a Condition coded only in SNOMED CT, or with a header code such as E11), else — with a retriever —
    /// the code nearest its name. The evidence is the Condition itself either way.
    /// </summary>
    public IEnumerable<CodeEvidence> FromCondition(Evidence evidence, IEnumerable<string> icd10Codes, IEnumerable<string> names)
    {
        var codes = icd10Codes.Where(code => table.TryGet(code, out var known) && known.Billable).ToList();
        if (codes.Count > 0)
        {
            return codes.Select(code => new CodeEvidence(Icd10CodeTable.WithDot(code), evidence, KnownCodingRules.Confidence(KnownCodingRules.ConditionResource), KnownCodingRules.ConditionResource));
        }

        var named = names.ToList();
        var fromDictionary = named.Select(dictionary.Lookup).OfType<ClinicalTerm>().Take(1)
            .Select(term => new CodeEvidence(term.Code, evidence, KnownCodingRules.Confidence(KnownCodingRules.ConditionText), KnownCodingRules.ConditionText))
            .ToList();
        if (fromDictionary.Count > 0 || retriever is null)
        {
            return fromDictionary;
        }

        return named.Select(retriever.Nearest).OfType<(string Code, double Similarity)>().Take(1)
            .Select(found => new CodeEvidence(found.Code, evidence, KnownCodingRules.Confidence(KnownCodingRules.ConditionEmbedding), KnownCodingRules.ConditionEmbedding))
            .ToList();
    }

    public IReadOnlyList<ProposedCode> Propose(IEnumerable<CodeEvidence> evidence)
    {
        var proposals = combinations.Apply(evidence.ToList())
            .Where(e => table.TryGet(e.Code, out var known) && known.Billable)
            .GroupBy(e => table.TryGet(e.Code, out var known) ? known.Code : e.Code)
            .Select(g =>
            {
                table.TryGet(g.Key, out var code);
                var best = g.OrderByDescending(e => e.Confidence).First();
                return (Code: code, Proposal: new ProposedCode(
                    Icd10CodeTable.System,
                    code.Code,
                    code.LongDescription,
                    best.Confidence,
                    best.Rule,
                    g.Select(e => e.Evidence).Distinct().ToList()));
            })
            .ToList();

        var codes = proposals.Select(p => p.Code.Code).ToList();
        return proposals
            .Where(p => !IsUnspecified(p.Code) || !proposals.Any(o => o.Code.Code != p.Code.Code && o.Code.Code[..3] == p.Code.Code[..3]))
            .Where(p => !subsumed.IsSubsumed(p.Code.Code, codes))
            .OrderByDescending(p => p.Proposal.Confidence)
            .ThenBy(p => p.Code.Code, StringComparer.Ordinal)
            .Select(p => p.Proposal)
            .ToList();
    }

    private static bool IsUnspecified(Icd10Code code) =>
        code.LongDescription.Contains("without complications", StringComparison.OrdinalIgnoreCase)
        || code.LongDescription.Contains("unspecified", StringComparison.OrdinalIgnoreCase);
}
