using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.Text;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Radiology;

/// <summary>
/// Findings / Impression for a final radiology report. The radiologist's impression is kept when there is one
/// (report section, else the conclusion); otherwise the abnormal, then the best, Findings sentences stand in for it. Critical findings
/// asserted present are flagged. Sentences that only record who was told ("Findings discussed with Dr. X at 14:05")
/// stay in the report but not in the note's impression.
/// </summary>
public sealed partial class RadiologyNoteBuilder(CodeProposer coder, SummarizationOptions options)
{
    private const int ImpressionFallbackSentences = 2;

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
        var selector = new SentenceSelector(tfIdf, options.DuplicateSimilarity);

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
            sections.Add(new NoteSection(KnownSections.Findings, "Findings", selector.Select(findings, [], options.MaxSentencesPerSection * 2)));
        }

        sections.Add(new NoteSection(KnownSections.Impression, "Impression", impressionSentences));

        var read = findings.Concat(impression).Concat(Candidates(conclusion, NoteSectionKind.Impression)).Distinct().ToList();
        var flags = read.SelectMany(c => CriticalFindingDetector.Find(c.Sentence)).Distinct().Order(StringComparer.Ordinal).ToList();
        var evidence = read.SelectMany(c => coder.FromSentence(c.Source.SourceId, c.Source.Text, c.Sentence)).ToList();
        var name = NoteInputsReader.Name(report.Code);
        return new NoteDraft(name.Length > 0 ? $"Radiology report: {name}" : "Radiology report", sections, evidence, flags);
    }

    /// <summary>
    /// An impression for a report without one leads, as a radiologist's would, with what is wrong: findings sentences
    /// with a present critical finding or codable finding first, in reading order; the best-ranked others fill the budget.
    /// </summary>
    private IReadOnlyList<NoteSentence> Fallback(List<SentenceCandidate> findings, SentenceSelector selector)
    {
        var abnormal = findings
            .Where(c => CriticalFindingDetector.Find(c.Sentence).Any() || coder.FromSentence(c.Source.SourceId, c.Source.Text, c.Sentence).Any())
            .Take(ImpressionFallbackSentences)
            .ToList();
        var rest = abnormal.Count < ImpressionFallbackSentences
            ? selector.Select(findings.Except(abnormal), abnormal.Select(a => a.Sentence.Span.Text), ImpressionFallbackSentences - abnormal.Count)
            : [];
        return [.. abnormal.Select(SentenceSelector.Cite), .. rest];
    }

    private bool IsCommunicationOnly(SentenceCandidate candidate) =>
        Communication().IsMatch(candidate.Sentence.Span.Text)
        && !CriticalFindingDetector.Find(candidate.Sentence).Any()
        && !coder.FromSentence(candidate.Source.SourceId, candidate.Source.Text, candidate.Sentence).Any();

    [GeneratedRegex(@"\b(?:discussed with|called to|communicated (?:to|with)|notified|paged|by telephone|read back)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Communication();

    private static List<SentenceCandidate> Candidates(IEnumerable<NarrativeSource> narratives, NoteSectionKind section) =>
        narratives.SelectMany(n => n.Sentences.Where(s => s.Section == section).Select(s => new SentenceCandidate(n.Source, s))).ToList();
}
