using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Embeddings;
using HealthMesh.Summarization.Text;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Notes;

/// <summary>
/// SOAP note for a finished Encounter. Structured facts come first in their section (they are the record); note
/// sentences add what the data does not say, ranked and budgeted per section. For each code found only in the text,
/// one sentence that evidences it stays whatever the budget.
/// </summary>
public sealed partial class EncounterNoteBuilder(CodeProposer coder, SummarizationOptions options, ISentenceEmbedder? ranking = null)
{
    public NoteDraft Build(NoteInputs inputs)
    {
        var encounter = (Encounter)inputs.Focus;
        var candidates = inputs.Narratives.SelectMany(n => n.Sentences.Select(s => new SentenceCandidate(n.Source, s))).ToList();
        var tfIdf = new TfIdf(candidates.Select(c => c.Sentence.Span.Text).Concat(inputs.Facts.Select(f => f.Source.Text)));
        var selector = new SentenceSelector(tfIdf, options.DuplicateSimilarity, ranking, options.EmbeddingRankingWeight);

        var conditionEvidence = inputs.Facts
            .Where(f => f.Resource is Condition condition && NoteInputsReader.IsCurrent(condition))
            .SelectMany(f => coder.FromCondition(SentenceSelector.Cite(f).Evidence[0], NoteInputsReader.Icd10Codes((Condition)f.Resource), NoteInputsReader.Names((Condition)f.Resource)))
            .ToList();
        var textEvidence = candidates
            .Where(c => c.Sentence.Section is not (NoteSectionKind.Preamble or NoteSectionKind.Medications))
            .Select(c => (Candidate: c, Evidence: coder.FromSentence(c.Source.SourceId, c.Source.Text, c.Sentence).ToList()))
            .Where(x => x.Evidence.Count > 0)
            .ToList();
        var mustKeep = CodeSentences(textEvidence, conditionEvidence.Select(e => e.Code));

        var sections = new List<NoteSection>();
        Add(sections, KnownSections.Subjective, "Subjective", selector, inputs,
            [FactKind.ReasonForVisit, FactKind.SocialHistory],
            c => c.Sentence.Section is NoteSectionKind.ChiefComplaint or NoteSectionKind.HistoryOfPresentIllness or NoteSectionKind.ReviewOfSystems or NoteSectionKind.SocialHistory,
            candidates, mustKeep);
        Add(sections, KnownSections.Objective, "Objective", selector, inputs,
            [FactKind.VitalSign, FactKind.Laboratory, FactKind.Observation],
            // Exam findings, and the impressions of any imaging reports the encounter holds.
            c => c.Sentence.Section is NoteSectionKind.Exam or NoteSectionKind.Impression,
            candidates, mustKeep);
        Add(sections, KnownSections.Assessment, "Assessment", selector, inputs,
            [FactKind.Condition],
            c => c.Sentence.Section is NoteSectionKind.Assessment || (c.Sentence.Section is NoteSectionKind.AssessmentAndPlan && !IsPlan(c)),
            candidates, mustKeep);
        Add(sections, KnownSections.Plan, "Plan", selector, inputs,
            [FactKind.Medication, FactKind.Procedure, FactKind.Order],
            c => c.Sentence.Section is NoteSectionKind.Plan || (c.Sentence.Section is NoteSectionKind.AssessmentAndPlan && IsPlan(c)),
            candidates, mustKeep);

        var evidence = textEvidence.SelectMany(x => x.Evidence).Concat(conditionEvidence).ToList();
        var visit = encounter.Type.Select(NoteInputsReader.Name).FirstOrDefault(n => n.Length > 0) ?? encounter.Class?.Display ?? "visit";
        return new NoteDraft($"Encounter summary: {visit}", sections, evidence, []);
    }

    private void Add(
        List<NoteSection> sections,
        string code,
        string title,
        SentenceSelector selector,
        NoteInputs inputs,
        FactKind[] factKinds,
        Func<SentenceCandidate, bool> isCandidate,
        IReadOnlyList<SentenceCandidate> candidates,
        HashSet<SentenceCandidate> mustKeep)
    {
        var facts = inputs.Facts.Where(f => factKinds.Contains(f.Kind)).ToList();
        var sentences = facts.Select(SentenceSelector.Cite)
            .Concat(selector.Select(candidates.Where(isCandidate), facts.Select(f => f.Source.Text), options.SectionBudget, mustKeep.Contains))
            .ToList();
        if (sentences.Count > 0)
        {
            sections.Add(new NoteSection(code, title, sentences));
        }
    }

    /// <summary>
    /// For each code found in the text and not already shown by a Condition, the sentence the budget must keep so the
    /// reviewer sees the words behind it: the first in the assessment, else the first anywhere.
    /// </summary>
    private static HashSet<SentenceCandidate> CodeSentences(List<(SentenceCandidate Candidate, List<CodeEvidence> Evidence)> textEvidence, IEnumerable<string> conditionCodes)
    {
        var shown = conditionCodes.ToHashSet(StringComparer.Ordinal);
        return textEvidence
            .SelectMany(x => x.Evidence.Select(e => (x.Candidate, e.Code)))
            .Where(x => !shown.Contains(x.Code))
            .GroupBy(x => x.Code, StringComparer.Ordinal)
            .Select(g => g.OrderBy(x => x.Candidate.Sentence.Section is NoteSectionKind.Assessment or NoteSectionKind.AssessmentAndPlan ? 0 : 1).First().Candidate)
            .ToHashSet();
    }

    private static bool IsPlan(SentenceCandidate candidate) => PlanVerb().IsMatch(candidate.Sentence.Span.Text);

    [GeneratedRegex(@"^\W*(?:start|begin|continue|increase|decrease|reduce|stop|discontinue|hold|obtain|order|check|recheck|repeat|follow|refer|schedule|return|call|counsel|advise|educate|monitor|titrate|add|switch|consider|plan|will|recommend)\w*\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlanVerb();
}
