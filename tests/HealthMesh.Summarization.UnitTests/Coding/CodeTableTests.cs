using HealthMesh.Summarization;
using HealthMesh.Summarization.Coding;

namespace HealthMesh.Summarization.UnitTests.Coding;

public sealed class CodeTableTests
{
    private static readonly SummarizationOptions Defaults = new();

    [Fact]
    public void Reads_the_cms_order_file_layout()
    {
        var table = Icd10CodeTable.Parse(
            "00001 E11     0 Type 2 diabetes mellitus                                     Type 2 diabetes mellitus\n" +
            "00002 E1165   1 Type 2 diabetes mellitus with hyperglycemia                  Type 2 diabetes mellitus with hyperglycemia\n");

        Assert.True(table.TryGet("E11.65", out var code));
        Assert.True(code.Billable);
        Assert.Equal("Type 2 diabetes mellitus with hyperglycemia", code.LongDescription);
        Assert.True(table.TryGet("E11", out var header));
        Assert.False(header.Billable);
    }

    [Fact]
    public void A_malformed_line_is_an_error_naming_the_line()
    {
        var error = Assert.Throws<InvalidDataException>(() => Icd10CodeTable.Parse("00001 E11     0 Type 2\nE1165 Type 2 with hyperglycemia\n"));
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void The_shipped_dictionary_points_only_at_billable_codes_of_the_shipped_table()
    {
        var table = Icd10CodeTable.Parse(File.ReadAllText(SummarizationOptions.Resolve(Defaults.CodeTablePath)));
        var dictionary = ClinicalTermDictionary.Parse(File.ReadAllText(SummarizationOptions.Resolve(Defaults.TermDictionaryPath)));

        Assert.InRange(table.Count, 150, 400);
        Assert.All(dictionary.Terms, term =>
        {
            Assert.True(table.TryGet(term.Code, out var code), $"{term.Term} → {term.Code} is not in the table");
            Assert.True(code.Billable, $"{term.Term} → {term.Code} is a header");
        });
    }

    [Fact]
    public void Terms_match_whole_words_longest_first_and_abbreviations_only_as_written()
    {
        var dictionary = ClinicalTermDictionary.Parse("hypertension\tI10\nHTN\tI10\tabbr\ntype 2 diabetes\tE11.9\ntype 2 diabetes with hyperglycemia\tE11.65\n");
        const string text = "HTN and Type 2 diabetes with hyperglycemia; htn; prehypertension.";

        var mentions = dictionary.Find(text);

        Assert.Equal(["HTN", "Type 2 diabetes with hyperglycemia"], mentions.Select(m => text.Substring(m.Start, m.Length)));
        Assert.Equal("E11.65", mentions[1].Term.Code);
    }
}
