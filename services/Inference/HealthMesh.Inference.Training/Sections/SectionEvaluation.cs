using HealthMesh.Summarization.Text;

namespace HealthMesh.Inference.Training.Sections;

/// <summary>
/// Scores section predictions on held-out notes read without their headings, beside the rule sectionizer given
/// the same unheaded text (which has nothing to go on and reads it all as history of present illness).
/// </summary>
public static class SectionEvaluation
{
    public static (SectionScore Rules, SectionScore Model) Score(IReadOnlyList<LabelledSentence> heldOut, Func<IReadOnlyList<string>, IReadOnlyList<string>> classify)
    {
        var rules = new List<(string, string)>();
        var model = new List<(string, string)>();
        foreach (var note in heldOut.GroupBy(s => s.Note))
        {
            var sentences = note.ToList();
            var unheaded = string.Join("\n", sentences.Select(s => s.Text));
            var ruleSections = Sectionizer.Sentences(unheaded).DistinctBy(s => s.Span.Text).ToDictionary(s => s.Span.Text, s => s.Section.ToString(), StringComparer.Ordinal);
            var predicted = classify([.. sentences.Select(s => s.Text)]);
            for (var i = 0; i < sentences.Count; i++)
            {
                var gold = sentences[i].Section.ToString();
                rules.Add((gold, ruleSections.GetValueOrDefault(sentences[i].Text, nameof(NoteSectionKind.HistoryOfPresentIllness))));
                model.Add((gold, predicted[i]));
            }
        }

        return (SectionScore.Of(rules), SectionScore.Of(model));
    }
}
