using HealthMesh.Contracts;
using HealthMesh.Summarization.Benchmarks;
using HealthMesh.Summarization.Grounding;

namespace HealthMesh.Summarization.UnitTests.Evaluation;

public sealed class ScoringTests
{
    [Fact]
    public void Rouge_l_of_a_known_pair()
    {
        // Lin's example: LCS("police killed the gunman", "police kill the gunman") = 3 of 4 tokens each way.
        Assert.Equal(3, RougeL.LongestCommonSubsequence(RougeL.Tokens("police kill the gunman"), RougeL.Tokens("police killed the gunman")));
        Assert.Equal(0.75, RougeL.F1("police kill the gunman", "police killed the gunman"), 6);

        // Precision 2/2, recall 2/5: F1 = 2·1·0.4 / 1.4 = 4/7.
        Assert.Equal(4.0 / 7, RougeL.F1("No pneumothorax.", "No pneumothorax is seen today"), 6);
    }

    [Fact]
    public void Rouge_l_is_order_sensitive_case_blind_and_bounded()
    {
        Assert.Equal(1, RougeL.F1("Small right PNEUMOTHORAX.", "small right pneumothorax"), 6);
        Assert.Equal(0, RougeL.F1("cardiomegaly", "no pneumothorax"), 6);
        // "a b c" vs "c b a": the longest common subsequence is one token.
        Assert.Equal(1.0 / 3, RougeL.F1("a b c", "c b a"), 6);
        Assert.Equal(0, RougeL.F1(string.Empty, "something"), 6);
    }

    [Fact]
    public void Set_scores_micro_average_over_cases()
    {
        var first = SetScore.Of(["I10", "E11.9"], ["I10", "E11.65"]);
        Assert.Equal(new SetScore(1, 1, 1), first);
        Assert.Equal(0.5, first.Precision, 6);
        Assert.Equal(0.5, first.Recall, 6);
        Assert.Equal(0.5, first.F1, 6);

        var total = first.Add(SetScore.Of(["J93.0"], ["J93.0", "J98.11", "R91.1"]));
        Assert.Equal(new SetScore(2, 1, 3), total);
        Assert.Equal(2.0 / 3, total.Precision, 6);
        Assert.Equal(0.4, total.Recall, 6);
        Assert.Equal(0.5, total.F1, 6);
    }

    [Fact]
    public void Set_scores_of_nothing_predicted_and_nothing_expected_are_perfect_and_codes_compare_case_blind()
    {
        Assert.Equal(1, SetScore.Of([], []).F1, 6);
        Assert.Equal(0, SetScore.Of([], ["I10"]).Recall, 6);
        Assert.Equal(1, SetScore.Of(["g20.a1"], ["G20.A1"]).F1, 6);
    }

    [Fact]
    public void A_sentence_is_grounded_only_when_every_span_reads_it()
    {
        var source = new NoteSource("DocumentReference/n1", "Progress note", "HPI: Cough for a week. No fever.");
        var note = new StructuredNote(Guid.Empty, 1, NoteKind.EncounterSummary, "t", [], [], [], [source], new NoteEngine("t", "1", "none"), DateTimeOffset.UnixEpoch);

        Assert.True(NoteGrounding.IsGrounded(note, new NoteSentence("Cough for a week.", [new Evidence(source.SourceId, 5, 17)])));
        Assert.False(NoteGrounding.IsGrounded(note, new NoteSentence("Cough for two weeks.", [new Evidence(source.SourceId, 5, 17)])));
        Assert.False(NoteGrounding.IsGrounded(note, new NoteSentence("Cough for a week.", [])));
        Assert.False(NoteGrounding.IsGrounded(note, new NoteSentence("No fever.", [new Evidence(source.SourceId, 23, 40)])));
        Assert.False(NoteGrounding.IsGrounded(note, new NoteSentence("No fever.", [new Evidence("DocumentReference/other", 23, 9)])));
        Assert.True(NoteGrounding.IsGrounded(note, new ProposedCode("s", "R05.9", "Cough", 0.65, "text-dictionary", [new Evidence(source.SourceId, 5, 5)])));
        Assert.False(NoteGrounding.IsGrounded(note, new ProposedCode("s", "R05.9", "Cough", 0.65, "text-dictionary", [new Evidence(source.SourceId, 30, 5)])));
    }
}
