using HealthMesh.Orchestrator.Review;
using HealthMesh.Summarization;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.UnitTests.Review;

/// <summary>Code search over the starter ICD-10-CM table Summarization ships (copied to this test's output).</summary>
public sealed class Icd10CodeSearchTests
{
    private static readonly Icd10CodeSearch Search = new(Options.Create(new SummarizationOptions()));

    [Fact]
    public void A_code_prefix_finds_billable_codes_first_with_or_without_the_dot()
    {
        var found = Search.Search("J93", limit: 50);
        Assert.Equal("J93.0", found[0].Code);
        Assert.All(found, r => Assert.StartsWith("J93", r.Code));
        Assert.Equal(found.Count(r => r.Billable), found.TakeWhile(r => r.Billable).Count());
        Assert.Equal("J93.11", Assert.Single(Search.Search("j9311")).Code);
        Assert.Equal("J93.11", Assert.Single(Search.Search("J93.11")).Code);
    }

    [Fact]
    public void Words_must_all_appear_in_the_description()
    {
        var found = Search.Search("tension pneumothorax");
        Assert.Equal("J93.0", Assert.Single(found).Code);
        Assert.Equal("http://hl7.org/fhir/sid/icd-10-cm", found[0].System);
        Assert.Contains(Search.Search("pneumothorax"), r => r.Code == "J93.9" && r.Display == "Pneumothorax, unspecified");
    }

    [Fact]
    public void A_blank_or_unknown_query_finds_nothing_and_the_limit_holds()
    {
        Assert.Empty(Search.Search("  "));
        Assert.Empty(Search.Search(null));
        Assert.Empty(Search.Search("zzqx"));
        Assert.Equal(3, Search.Search("J", limit: 3).Count);
        Assert.True(Search.Count > 100, "Every row of the starter table is listed.");
    }
}
