using System.Text.RegularExpressions;

namespace HealthMesh.Summarization.Text;

/// <summary>
/// Finds the headings of a clinical note ("HPI:", "Physical Exam:", "IMPRESSION:") at line starts and returns each
/// sentence with the section it belongs to. A note without any known heading is read as history of present illness,
/// unless an <see cref="IUnheadedSectionClassifier"/> is given: then each sentence gets the section it names, where it
/// is confident.
/// </summary>
public static partial class Sectionizer
{
    private static readonly Dictionary<string, NoteSectionKind> Headings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chief complaint"] = NoteSectionKind.ChiefComplaint,
        ["cc"] = NoteSectionKind.ChiefComplaint,
        ["reason for visit"] = NoteSectionKind.ChiefComplaint,
        ["hpi"] = NoteSectionKind.HistoryOfPresentIllness,
        ["history of present illness"] = NoteSectionKind.HistoryOfPresentIllness,
        ["interval history"] = NoteSectionKind.HistoryOfPresentIllness,
        ["subjective"] = NoteSectionKind.HistoryOfPresentIllness,
        ["history"] = NoteSectionKind.HistoryOfPresentIllness,
        ["ros"] = NoteSectionKind.ReviewOfSystems,
        ["review of systems"] = NoteSectionKind.ReviewOfSystems,
        ["pmh"] = NoteSectionKind.PastHistory,
        ["past medical history"] = NoteSectionKind.PastHistory,
        ["past history"] = NoteSectionKind.PastHistory,
        ["fh"] = NoteSectionKind.FamilyHistory,
        ["family history"] = NoteSectionKind.FamilyHistory,
        ["sh"] = NoteSectionKind.SocialHistory,
        ["social history"] = NoteSectionKind.SocialHistory,
        ["medications"] = NoteSectionKind.Medications,
        ["current medications"] = NoteSectionKind.Medications,
        ["meds"] = NoteSectionKind.Medications,
        ["allergies"] = NoteSectionKind.Medications,
        ["exam"] = NoteSectionKind.Exam,
        ["physical exam"] = NoteSectionKind.Exam,
        ["physical examination"] = NoteSectionKind.Exam,
        ["pe"] = NoteSectionKind.Exam,
        ["objective"] = NoteSectionKind.Exam,
        ["vitals"] = NoteSectionKind.Exam,
        ["vital signs"] = NoteSectionKind.Exam,
        ["assessment"] = NoteSectionKind.Assessment,
        ["diagnosis"] = NoteSectionKind.Assessment,
        ["diagnoses"] = NoteSectionKind.Assessment,
        ["assessment and plan"] = NoteSectionKind.AssessmentAndPlan,
        ["assessment/plan"] = NoteSectionKind.AssessmentAndPlan,
        ["a/p"] = NoteSectionKind.AssessmentAndPlan,
        ["a&p"] = NoteSectionKind.AssessmentAndPlan,
        ["plan"] = NoteSectionKind.Plan,
        ["recommendations"] = NoteSectionKind.Plan,
        ["disposition"] = NoteSectionKind.Plan,
        ["indication"] = NoteSectionKind.Indication,
        ["indications"] = NoteSectionKind.Indication,
        ["clinical history"] = NoteSectionKind.Indication,
        ["clinical indication"] = NoteSectionKind.Indication,
        ["technique"] = NoteSectionKind.Technique,
        ["comparison"] = NoteSectionKind.Comparison,
        ["comparisons"] = NoteSectionKind.Comparison,
        ["findings"] = NoteSectionKind.Findings,
        ["impression"] = NoteSectionKind.Impression,
        ["conclusion"] = NoteSectionKind.Impression,
        ["conclusions"] = NoteSectionKind.Impression,
    };

    public static IReadOnlyList<SectionedSentence> Sentences(string text, IUnheadedSectionClassifier? unheaded = null)
    {
        var headings = Heading().Matches(text)
            .Where(m => Headings.ContainsKey(Normalize(m.Groups["h"].Value)))
            .Select(m => (Kind: Headings[Normalize(m.Groups["h"].Value)], ContentStart: m.Index + m.Length, HeadingStart: m.Index))
            .ToList();

        if (headings.Count == 0)
        {
            var spans = SentenceSplitter.Split(text);
            var classified = unheaded?.Classify([.. spans.Select(s => s.Text)]);
            return spans.Select((s, i) => new SectionedSentence(classified?[i] ?? NoteSectionKind.HistoryOfPresentIllness, s)).ToList();
        }

        var result = new List<SectionedSentence>();
        result.AddRange(SentenceSplitter.Split(text, 0, headings[0].HeadingStart).Select(s => new SectionedSentence(NoteSectionKind.Preamble, s)));
        for (var i = 0; i < headings.Count; i++)
        {
            var end = i + 1 < headings.Count ? headings[i + 1].HeadingStart : text.Length;
            var start = headings[i].ContentStart;
            result.AddRange(SentenceSplitter.Split(text, start, end - start).Select(s => new SectionedSentence(headings[i].Kind, s)));
        }

        return result;
    }

    private static string Normalize(string heading) => WhiteSpace().Replace(heading.Trim(), " ");

    [GeneratedRegex(@"(?m)^[ \t]*(?<h>[A-Za-z][A-Za-z/& ]{0,40}?)[ \t]*:", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
