using HealthMesh.Summarization.Benchmarks;
using HealthMesh.Summarization.UnitTests.TestFiles;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace HealthMesh.Summarization.UnitTests.Evaluation;

/// <summary>
/// Regression floors of the rule engine on samples/summarization-eval. The floors sit a little under what the engine
/// reaches (see that folder's README); raise them when the engine improves, never lower them to make a change pass.
/// </summary>
public sealed class EvaluationSetFloorTests
{
    private static readonly Lazy<EvaluationResult> Result = new(() =>
        Evaluator.EvaluateAsync(Fixtures.Engine, EvaluationSet.Load()).GetAwaiter().GetResult());

    [Fact]
    public void The_set_is_large_enough_to_mean_something()
    {
        var cases = EvaluationSet.Load();
        Assert.InRange(cases.Count, 50, 80);
        Assert.Contains(cases, c => c.Gold.Impression is not null && c.Gold.CriticalFlags.Count > 0);
        Assert.Contains(cases, c => c.Gold.Split == "held-out");
    }

    [Fact]
    public void Every_case_is_valid_fhir_with_its_focus_first()
    {
        Assert.All(EvaluationSet.Load(), c =>
        {
            Assert.Empty(c.Context.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, validateRecursively: true));
            Assert.Equal(c.Kind == HealthMesh.Contracts.NoteKind.EncounterSummary ? "Encounter" : "DiagnosticReport", c.Context.Entry[0].Resource?.TypeName);
        });
    }

    [Fact]
    public void Every_critical_finding_is_flagged()
    {
        Assert.Equal(0, Result.Value.Critical.FalseNegatives);
        Assert.True(Result.Value.Critical.TruePositives >= 8);
    }

    [Fact]
    public void Every_sentence_and_code_is_grounded()
    {
        Assert.Equal(1.0, Result.Value.GroundedSentenceShare);
        Assert.Equal(1.0, Result.Value.GroundedCodeShare);
    }

    [Fact]
    public void Code_f1_and_impression_rouge_stay_above_their_floors()
    {
        Assert.True(Result.Value.Codes.F1 >= 0.95, $"code F1 {Result.Value.Codes.F1:F3} fell below 0.95");
        Assert.True(Result.Value.Codes.Precision >= 0.93, $"code precision {Result.Value.Codes.Precision:F3} fell below 0.93");
        Assert.True(Result.Value.MeanRougeL >= 0.90, $"impression ROUGE-L {Result.Value.MeanRougeL:F3} fell below 0.90");
    }

    [Fact]
    public void No_trap_is_coded()
    {
        // Family history, negation, rule-out and resolved findings: none of these codes is gold anywhere they appear as traps.
        var byId = Result.Value.Cases.ToDictionary(c => c.Id);
        Assert.DoesNotContain("C50.919", byId["enc-01-htn-dm-hyperglycemia"].ExtraCodes);
        Assert.DoesNotContain("I24.9", byId["enc-02-chest-pain-rule-out-acs"].ExtraCodes);
        Assert.DoesNotContain("J18.9", byId["enc-03-no-evidence-of-pneumonia"].ExtraCodes);
        Assert.DoesNotContain("J18.9", byId["enc-17-possible-infiltrate"].ExtraCodes);
        Assert.DoesNotContain("I50.9", byId["enc-19-refuted-condition"].ExtraCodes);
        Assert.DoesNotContain("I26.99", byId["rad-04-pe-negative"].ExtraCodes);
        Assert.Equal(0, byId["rad-18-resolved-pneumothorax"].Critical.FalsePositives);
    }

    [Fact]
    public void Past_acute_conditions_are_not_coded_and_chronic_history_is()
    {
        var byId = Result.Value.Cases.ToDictionary(c => c.Id);
        Assert.DoesNotContain("J18.9", byId["enc-23-htn-ckd3b"].ExtraCodes);
        Assert.DoesNotContain("I21.9", byId["enc-27-history-of-mi-pe"].ExtraCodes);
        Assert.DoesNotContain("I26.99", byId["enc-27-history-of-mi-pe"].ExtraCodes);
        Assert.DoesNotContain("I10", byId["enc-27-history-of-mi-pe"].MissedCodes);
        Assert.DoesNotContain("I63.9", byId["enc-28-hx-stroke-diabetes"].ExtraCodes);
        Assert.DoesNotContain("J18.9", byId["enc-29-left-knee-oa-acute-on-chronic-hf"].ExtraCodes);
        Assert.DoesNotContain("E03.9", byId["enc-31-hx-dvt-copd"].MissedCodes);
        Assert.DoesNotContain("K81.0", byId["enc-32-s-p-cholecystectomy-ruq"].ExtraCodes);
        Assert.Equal(0, byId["rad-28-hemorrhage-history-no-impression"].Critical.FalsePositives);
    }

    [Fact]
    public void Generated_impressions_stay_above_their_floor()
    {
        var generated = new EvaluationResult(Result.Value.Cases.Where(c => EvaluationSet.Load().Single(x => x.Id == c.Id).Gold.Traps.Contains("report without an IMPRESSION")).ToList());
        Assert.True(generated.Impressions >= 10);
        Assert.True(generated.MeanRougeL >= 0.75, $"generated-impression ROUGE-L {generated.MeanRougeL:F3} fell below 0.75");
    }
}
