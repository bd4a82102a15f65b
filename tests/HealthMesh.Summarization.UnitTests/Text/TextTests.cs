using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.UnitTests.Text;

public sealed class TextTests
{
    [Fact]
    public void Splits_sentences_with_exact_offsets_and_keeps_titles_initials_and_decimals_whole()
    {
        const string text = "Seen by Dr. Ellsworth today. X.W. Islington has HbA1c 8.1% now! Is it better?\n\n- Start metformin";

        var sentences = SentenceSplitter.Split(text);

        Assert.Equal(
            ["Seen by Dr. Ellsworth today.", "X.W. Islington has HbA1c 8.1% now!", "Is it better?", "Start metformin"],
            sentences.Select(s => s.Text));
        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Start, s.Length)));
    }

    [Fact]
    public void Numbered_list_items_are_sentences_without_their_markers()
    {
        const string text = "IMPRESSION:\n1. Large right pneumothorax with mild leftward shift.\n2. No acute osseous abnormality.\n12. Follow up in 3 months.";

        var sentences = SentenceSplitter.Split(text);

        Assert.Equal(
            ["IMPRESSION:", "Large right pneumothorax with mild leftward shift.", "No acute osseous abnormality.", "Follow up in 3 months."],
            sentences.Select(s => s.Text));
        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Start, s.Length)));
    }

    [Fact]
    public void Inline_numbered_items_after_a_heading_or_a_sentence_are_sentences_without_their_markers()
    {
        const string text = "FINDINGS: Grade 2. Heart enlarged.\n\nIMPRESSION: 1. Cardiomegaly. 2. Solitary pulmonary nodule; CT recommended. Nodule measures 1.2 cm.";

        var sentences = Sectionizer.Sentences(text);

        Assert.Equal(
            ["Grade 2.", "Heart enlarged.", "Cardiomegaly.", "Solitary pulmonary nodule; CT recommended.", "Nodule measures 1.2 cm."],
            sentences.Select(s => s.Span.Text));
        Assert.All(sentences, s => Assert.Equal(s.Span.Text, text.Substring(s.Span.Start, s.Span.Length)));
    }

    [Fact]
    public void Sectionizes_headed_notes_and_reads_unheaded_text_as_history()
    {
        const string text = "Patient: A B\nHPI: Cough for 2 days. Worse at night.\nPhysical Exam: Lungs clear.\nA/P: Bronchitis. Start inhaler.";

        var sentences = Sectionizer.Sentences(text);

        Assert.Equal(
            [NoteSectionKind.Preamble, NoteSectionKind.HistoryOfPresentIllness, NoteSectionKind.HistoryOfPresentIllness, NoteSectionKind.Exam, NoteSectionKind.AssessmentAndPlan, NoteSectionKind.AssessmentAndPlan],
            sentences.Select(s => s.Section));
        Assert.Equal("Cough for 2 days.", sentences[1].Span.Text);
        Assert.All(Sectionizer.Sentences("Cough. Fever."), s => Assert.Equal(NoteSectionKind.HistoryOfPresentIllness, s.Section));
    }

    [Fact]
    public void TextRank_prefers_the_sentence_that_shares_most_with_the_others()
    {
        string[] sentences =
        [
            "The weather was pleasant.",
            "Chest pain radiating to the left arm with exertion.",
            "Chest pain started with exertion three days ago.",
            "Exertion brings on the chest pain and rest relieves it.",
        ];

        var scores = TextRank.Scores(sentences, new TfIdf(sentences));

        Assert.Equal(scores.Min(), scores[0]);
    }
}
