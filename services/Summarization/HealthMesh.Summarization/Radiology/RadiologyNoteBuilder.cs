using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Embeddings;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.Text;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Radiology;

/// <summary>
/// Findings / Impression for a final radiology report. The radiologist's impression is kept when there is one
/// (report section, else the conclusion); otherwise one is generated from the Findings (see <see cref="Fallback"/>).
/// Findings are budgeted like any section, critical findings kept beyond it; critical findings asserted present are
/// flagged. Sentences that only record who was told ("Findings discussed with Dr. X at 14:05")
/// stay in the report but not in the note's impression.
/// </summary>
public sealed partial class RadiologyNoteBuilder(CodeProposer coder, SummarizationOptions options, ISentenceEmbedder? ranking = null)
{
    public NoteDraft Build(NoteInputs inputs)
    {
        var report = (DiagnosticReport)inputs.Focus;
        var reportTexts = inputs.Narratives.Where(n => !n.Source.SourceId.EndsWith("#conclusion", StringComparison.Ordinal)).ToList();
        var conclusion = inputs.Narratives.Where(n => n.Source.SourceId.EndsWith("#conclusion", StringComparison.Ordinal)).ToList();
        if (reportTexts.Count == 0 && conclusion.Count == 0)
        {
            throw new ClinicalNoteInputException("The radiology report has neither a text presentedForm nor a conclusion.");
        }

        var all = inputs.Narratives.SelectMany(n => n.Sentences.Select(s => new SentenceCandidate(n.Source, s))).ToList();
        var tfIdf = new TfIdf(all.Select(c => c.Sentence.Span.Text));
        var selector = new SentenceSelector(tfIdf, options.DuplicateSimilarity, ranking, options.EmbeddingRankingWeight);

        var findings = Candidates(reportTexts, NoteSectionKind.Findings);
        if (findings.Count == 0)
        {
            // An unheaded report is all findings.
            findings = Candidates(reportTexts, NoteSectionKind.HistoryOfPresentIllness);
        }

        var impression = Candidates(reportTexts, NoteSectionKind.Impression);
        if (impression.Count == 0)
        {
            impression = Candidates(conclusion, NoteSectionKind.Impression);
        }

        var impressionSentences = impression.Count > 0
            ? impression.Where(c => !IsCommunicationOnly(c)).Select(SentenceSelector.Cite).ToList()
            : Fallback(findings, selector);

        var sections = new List<NoteSection>();
        if (findings.Count > 0)
        {
            sections.Add(new NoteSection(KnownSections.Findings, "Findings", selector.Select(findings, [], options.SectionBudget.Times(2), c => CriticalFindingDetector.Find(c.Sentence).Any())));
        }

        sections.Add(new NoteSection(KnownSections.Impression, "Impression", impressionSentences));

        var read = findings.Concat(impression).Concat(Candidates(conclusion, NoteSectionKind.Impression)).Distinct().ToList();
        var flags = read.SelectMany(c => CriticalFindingDetector.Find(c.Sentence)).Distinct().Order(StringComparer.Ordinal).ToList();
        var evidence = read.SelectMany(c => coder.FromSentence(c.Source.SourceId, c.Source.Text, c.Sentence)).ToList();
        var name = NoteInputsReader.Name(report.Code);
        return new NoteDraft(name.Length > 0 ? $"Radiology report: {name}" : "Radiology report", sections, evidence, flags);
    }

    /// <summary>
    /// An impression for a report without one leads, as a radiologist's would, with what is wrong: every Findings
    /// sentence with a present critical finding, then those with a present codable finding, then the best-ranked
    /// others that are not normal boilerplate ("The osseous structures are unremarkable.", "No pneumothorax."), within
    /// the generated-impression budget; a report with nothing abnormal gets its best-ranked negative. Each sentence is
    /// a span of the report: a leading "There is a" / "Note is made of" is cut off (the span starts later) and only the
    /// first letter is capitalised, so every word still reads in the source.
    /// </summary>
    private IReadOnlyList<NoteSentence> Fallback(List<SentenceCandidate> findings, SentenceSelector selector)
    {
        var budget = options.MaxGeneratedImpressionSentences;
        var critical = findings.Where(c => CriticalFindingDetector.Find(c.Sentence).Any()).ToList();
        var coded = findings.Except(critical).Where(c => coder.FromSentence(c.Source.SourceId, c.Source.Text, c.Sentence).Any()).ToList();
        var chosen = critical.Concat(coded.Take(Math.Max(0, budget - critical.Count))).ToList();
        var others = findings.Except(critical).Except(coded).Where(c => !IsNormal(c.Sentence.Span.Text)).ToList();
        if (chosen.Count < budget && others.Count > 0)
        {
            chosen.AddRange(selector.SelectCandidates(others, chosen.Select(a => a.Sentence.Span.Text), new SectionBudget(budget - chosen.Count, int.MaxValue)));
        }

        if (chosen.Count == 0)
        {
            chosen.AddRange(selector.SelectCandidates(findings, [], new SectionBudget(1, int.MaxValue)));
        }

        // Critical first, then the others in reading order.
        return chosen.Distinct()
            .OrderBy(c => critical.Contains(c) ? 0 : 1)
            .ThenBy(c => c.Sentence.Span.Start)
            .Select(Compress)
            .ToList();
    }

    private static NoteSentence Compress(SentenceCandidate candidate)
    {
        var span = candidate.Sentence.Span;
        var lead = Filler().Match(span.Text);
        var start = lead.Success ? lead.Length : 0;
        var text = span.Text[start..];
        return new NoteSentence(
            char.ToUpperInvariant(text[0]) + text[1..],
            [new HealthMesh.Contracts.Evidence(candidate.Source.SourceId, span.Start + start, span.Length - start)]);
    }

    private static bool IsNormal(string sentence) => Normal().IsMatch(sentence);

    // "There is a", "There are", "Note is made of", "Again seen is": words that carry nothing in an impression.
    [GeneratedRegex(@"^(?:there\s+(?:is|are)|note\s+is\s+made\s+of|again\s+(?:seen|noted)\s+(?:is|are))\s+(?:(?:a|an)\s+)?(?=\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Filler();

    // A sentence that only says something is absent or normal: it opens with a negation, or it calls something normal
    // anywhere ("The ventricles are normal in size.") and has no second clause that could carry a finding.
    [GeneratedRegex(@"^\W*(?:no|without|negative)\b|^(?!.*\b(?:but|however|except|although|with)\b).*\b(?:normal|unremarkable|clear|preserved|intact|patent|within normal limits)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Normal();

    private bool IsCommunicationOnly(SentenceCandidate candidate) =>
        Communication().IsMatch(candidate.Sentence.Span.Text)
        && !CriticalFindingDetector.Find(candidate.Sentence).Any()
        && !coder.FromSentence(candidate.Source.SourceId, candidate.Source.Text, candidate.Sentence).Any();

    [GeneratedRegex(@"\b(?:discussed with|called to|communicated (?:to|with)|notified|paged|by telephone|read back)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Communication();

    private static List<SentenceCandidate> Candidates(IEnumerable<NarrativeSource> narratives, NoteSectionKind section) =>
        narratives.SelectMany(n => n.Sentences.Where(s => s.Section == section).Select(s => new SentenceCandidate(n.Source, s))).ToList();
}
