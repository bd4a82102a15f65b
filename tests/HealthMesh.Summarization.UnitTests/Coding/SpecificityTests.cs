using HealthMesh.Summarization.Coding;
using HealthMesh.Summarization.Text;
using Microsoft.Extensions.Options;

namespace HealthMesh.Summarization.UnitTests.Coding;

/// <summary>The shipped tables: the most specific code the words support (laterality, acuity, type, combinations).</summary>
public sealed class SpecificityTests
{
    private static readonly SummarizationOptions Options = new();

    private static readonly CodeProposer Shipped = new(
        Icd10CodeTable.Parse(Read(Options.CodeTablePath)),
        ClinicalTermDictionary.Parse(Read(Options.TermDictionaryPath)),
        SubsumedCodeTable.Parse(Read(Options.SubsumedCodesPath)),
        CombinationCodeTable.Parse(Read(Options.CombinationCodesPath)));

    [Theory]
    [InlineData("Primary osteoarthritis of the left knee.", "M17.12")]
    [InlineData("Osteoarthritis of the right knee.", "M17.11")]
    [InlineData("Bilateral knee osteoarthritis, stable.", "M17.0")]
    [InlineData("Osteoarthritis of the hands.", "M19.90")]
    [InlineData("Acute on chronic diastolic heart failure.", "I50.33")]
    [InlineData("Acute systolic heart failure.", "I50.21")]
    [InlineData("Chronic diastolic heart failure.", "I50.32")]
    [InlineData("Heart failure.", "I50.9")]
    [InlineData("Left lower quadrant pain.", "R10.32")]
    [InlineData("Lobar pneumonia.", "J18.1")]
    // A side word inside the phrase does not cost the acuity.
    [InlineData("Acute left subdural hematoma.", "I62.01")]
    [InlineData("Left subdural hematoma.", "I62.00")]
    // Hydronephrosis beside a ureteral calculus is the combination code, which also holds the calculus.
    [InlineData("6 mm calculus in the right proximal ureter with moderate right hydronephrosis.", "N13.2")]
    [InlineData("Mild hydronephrosis.", "N13.30")]
    public void Codes_the_most_specific_leaf_the_words_support(string text, string expected)
    {
        var sentence = new SectionedSentence(NoteSectionKind.Assessment, SentenceSplitter.Split(text).Single());

        var code = Assert.Single(Shipped.Propose(Shipped.FromSentence("DocumentReference/d1", text, sentence)));

        Assert.Equal(expected, code.Code);
    }

    [Fact]
    public void A_term_that_names_a_side_matches_only_that_side()
    {
        var dictionary = ClinicalTermDictionary.Parse("osteoarthritis of the right knee\tM17.11\nosteoarthritis\tM19.90\n");

        var mention = Assert.Single(dictionary.Find("Osteoarthritis of the left knee."));

        Assert.Equal("M19.90", mention.Term.Code);
    }

    [Fact]
    public void Unknown_dictionary_flags_are_rejected_with_the_line()
    {
        var error = Assert.Throws<InvalidDataException>(() => ClinicalTermDictionary.Parse("# c\nhypertension\tI10\tchronc\n"));
        Assert.Contains("line 2", error.Message);
        Assert.Contains("chronc", error.Message);
    }

    private static string Read(string path) => File.ReadAllText(SummarizationOptions.Resolve(path));
}
