using HealthMesh.Contracts;
using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Text;

namespace HealthMesh.Summarization.UnitTests.Coding;

public sealed class CodeProposerTests
{
    private static readonly CodeProposer Proposer = new(
        Icd10CodeTable.Parse(
            "00001 E11     0 Type 2 diabetes mellitus                                     Type 2 diabetes mellitus\n" +
            "00002 E1165   1 Type 2 diabetes mellitus with hyperglycemia                  Type 2 diabetes mellitus with hyperglycemia\n" +
            "00003 E119    1 Type 2 diabetes mellitus without complications               Type 2 diabetes mellitus without complications\n" +
            "00004 I10     1 Essential (primary) hypertension                             Essential (primary) hypertension\n"),
        ClinicalTermDictionary.Parse("type 2 diabetes\tE11.9\nhypertension\tI10\nHTN\tI10\tabbr\n"));

    private static readonly Evidence Fact = new("Condition/c1", 0, 10);

    [Fact]
    public void A_header_code_on_a_condition_falls_back_to_its_name()
    {
        var evidence = Proposer.FromCondition(Fact, ["E11"], ["Type 2 diabetes"]).ToList();

        var code = Assert.Single(Proposer.Propose(evidence));
        Assert.Equal("E11.9", code.Code);
        Assert.Equal(KnownCodingRules.ConditionText, code.Rule);
    }

    [Fact]
    public void Evidence_for_one_code_is_merged_and_the_more_specific_code_replaces_the_unspecified()
    {
        const string text = "HTN. Hypertension stable.";
        var sentences = SentenceSplitter.Split(text).Select(s => new SectionedSentence(NoteSectionKind.Assessment, s));
        var evidence = sentences.SelectMany(s => Proposer.FromSentence("DocumentReference/d1", text, s))
            .Concat(Proposer.FromCondition(Fact, ["E11.9"], []))
            .Concat(Proposer.FromCondition(new Evidence("Condition/c2", 0, 5), ["E11.65"], []))
            .ToList();

        var codes = Proposer.Propose(evidence);

        Assert.Equal(["E11.65", "I10"], codes.Select(c => c.Code));
        Assert.Equal(2, codes.Single(c => c.Code == "I10").Evidence.Count);
    }
}
