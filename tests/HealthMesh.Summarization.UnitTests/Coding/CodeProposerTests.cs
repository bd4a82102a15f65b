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
            "00004 I10     1 Essential (primary) hypertension                             Essential (primary) hypertension\n" +
            "00005 J441    1 Chronic obstructive pulmonary disease w (acute) exacerbation Chronic obstructive pulmonary disease with (acute) exacerbation\n" +
            "00006 R059    1 Cough, unspecified                                           Cough, unspecified\n" +
            "00007 I129    1 Hypertensive chronic kidney disease w stg 1-4/unsp chr kdny  Hypertensive chronic kidney disease with stage 1 through stage 4 chronic kidney disease, or unspecified chronic kidney disease\n" +
            "00008 N184    1 Chronic kidney disease, stage 4 (severe)                     Chronic kidney disease, stage 4 (severe)\n"),
        ClinicalTermDictionary.Parse("type 2 diabetes\tE11.9\nhypertension\tI10\nHTN\tI10\tabbr\ncough\tR05.9\nCOPD exacerbation\tJ44.1\nCKD stage 4\tN18.4\n"),
        SubsumedCodeTable.Parse("# symptom\tdiagnoses\nR05.9\tJ06 J44\n"),
        CombinationCodeTable.Parse("# combination\treplaces\twith\nI12.9\tI10\tN18\n"));

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

    [Fact]
    public void A_symptom_is_left_out_beside_the_diagnosis_it_is_part_of_but_kept_alone()
    {
        const string text = "Cough for a week. COPD exacerbation.";
        var sentences = SentenceSplitter.Split(text).Select(s => new SectionedSentence(NoteSectionKind.Assessment, s)).ToList();

        var both = Proposer.Propose(sentences.SelectMany(s => Proposer.FromSentence("DocumentReference/d1", text, s)).ToList());
        Assert.Equal(["J44.1"], both.Select(c => c.Code));

        var alone = Proposer.Propose(Proposer.FromSentence("DocumentReference/d1", text, sentences[0]).ToList());
        Assert.Equal(["R05.9"], alone.Select(c => c.Code));
    }

    [Fact]
    public void A_subsumed_code_line_without_subsumers_is_refused_with_its_line_number()
    {
        var error = Assert.Throws<InvalidDataException>(() => SubsumedCodeTable.Parse("# comment\nR05.9\n"));
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Hypertension_with_chronic_kidney_disease_becomes_the_combination_code_citing_both()
    {
        const string text = "HTN. CKD stage 4.";
        var sentences = SentenceSplitter.Split(text).Select(s => new SectionedSentence(NoteSectionKind.Assessment, s));

        var codes = Proposer.Propose(sentences.SelectMany(s => Proposer.FromSentence("DocumentReference/d1", text, s)).ToList());

        Assert.Equal(["N18.4", "I12.9"], codes.Select(c => c.Code));
        var combination = codes.Single(c => c.Code == "I12.9");
        Assert.Equal(KnownCodingRules.Combination, combination.Rule);
        Assert.Equal([new Evidence("DocumentReference/d1", 0, 3), new Evidence("DocumentReference/d1", 5, 11)], combination.Evidence);
    }
}
