using HealthMesh.Contracts;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.Radiology;
using HealthMesh.Summarization.Text;
using HealthMesh.Summarization.UnitTests.TestFiles;
using Microsoft.Extensions.Options;

namespace HealthMesh.Summarization.UnitTests.Notes;

public sealed class SectionBudgetTests
{
    private const int Characters = 60;

    private static readonly RuleBasedClinicalNoteEngine Tight = new(Options.Create(new SummarizationOptions { MaxSentencesPerSection = 1, MaxCharactersPerSection = Characters }));

    [Fact]
    public void A_tight_budget_shortens_each_section_but_keeps_a_sentence_behind_every_code_found_in_text()
    {
        var roomy = Fixtures.Draft(Fixtures.Bundle(Fixtures.EncounterContext), NoteKind.EncounterSummary);
        var note = Draft(Tight, Fixtures.Bundle(Fixtures.EncounterContext), NoteKind.EncounterSummary);

        Assert.True(TextSentences(note).Count() < TextSentences(roomy).Count());
        Assert.Equal(roomy.Codes.Select(c => c.Code), note.Codes.Select(c => c.Code));
        var shown = TextSentences(note).Select(s => s.Evidence[0]).ToList();
        foreach (var code in note.Codes.Where(c => c.Rule != "condition-resource" && c.Evidence.All(e => e.SourceId.StartsWith("DocumentReference/", StringComparison.Ordinal))))
        {
            Assert.Contains(shown, s => code.Evidence.Any(e => e.SourceId == s.SourceId && e.Start >= s.Start && e.Start + e.Length <= s.Start + s.Length));
        }

        // Beyond the sentences codes rest on, at most one sentence of at most the character budget per section.
        foreach (var section in note.Sections)
        {
            var free = section.Sentences
                .Where(s => s.Evidence[0].SourceId.StartsWith("DocumentReference/", StringComparison.Ordinal))
                .Where(s => !note.Codes.Any(c => c.Evidence.Any(e => e.SourceId == s.Evidence[0].SourceId && e.Start >= s.Evidence[0].Start && e.Start < s.Evidence[0].Start + s.Evidence[0].Length)))
                .ToList();
            Assert.InRange(free.Count, 0, 1);
            Assert.All(free, s => Assert.InRange(s.Text.Length, 1, Characters));
        }
    }

    [Fact]
    public void A_tight_budget_never_drops_a_critical_finding_from_the_findings()
    {
        var note = Draft(Tight, Fixtures.RadiologyWithText("""
            FINDINGS: The cardiomediastinal silhouette is within normal limits for size and contour. Mild bibasilar atelectasis. There is a small left apical pneumothorax. Acute pulmonary emboli in the right lower lobe segmental arteries.

            IMPRESSION: Small left apical pneumothorax. Segmental pulmonary emboli.
            """), NoteKind.RadiologyReport);

        var findings = note.Sections.Single(s => s.Code == KnownSections.Findings).Sentences.Select(s => s.Text).ToList();
        Assert.Contains("There is a small left apical pneumothorax.", findings);
        Assert.Contains("Acute pulmonary emboli in the right lower lobe segmental arteries.", findings);
        Assert.DoesNotContain("The cardiomediastinal silhouette is within normal limits for size and contour.", findings);
        Assert.Equal([CriticalFindingDetector.FlagPrefix + "pneumothorax", CriticalFindingDetector.FlagPrefix + "pulmonary-embolism"], note.Flags);
    }

    [Fact]
    public void Budget_defaults_are_documented_values_and_out_of_range_settings_fail_validation()
    {
        var options = new SummarizationOptions();
        Assert.Equal(new SectionBudget(4, 600), options.SectionBudget);
        Assert.Equal(2, options.MaxGeneratedImpressionSentences);

        var invalid = new SummarizationOptions { MaxCharactersPerSection = 10 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(invalid, new(invalid), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(SummarizationOptions.MaxCharactersPerSection)));
    }

    [Fact]
    public void The_selector_fills_the_budget_in_rank_order_skips_what_does_not_fit_and_returns_reading_order()
    {
        const string text = "The weather was pleasant today in the whole region. Chest pain with exertion. Chest pain at rest and with exertion. Exertion brings on the chest pain.";
        var source = new NoteSource("DocumentReference/d1", "Progress note", text);
        var candidates = SentenceSplitter.Split(text).Select(s => new SentenceCandidate(source, new SectionedSentence(NoteSectionKind.HistoryOfPresentIllness, s))).ToList();
        var selector = new SentenceSelector(new TfIdf(candidates.Select(c => c.Sentence.Span.Text)), 0.99);

        var chosen = selector.Select(candidates, [], new SectionBudget(2, 70));
        var weatherKept = selector.Select(candidates, [], new SectionBudget(1, 10), c => c.Sentence.Span.Text.StartsWith("The weather", StringComparison.Ordinal));

        Assert.Equal(2, chosen.Count);
        Assert.True(chosen.Sum(s => s.Text.Length) <= 70);
        Assert.DoesNotContain(chosen, s => s.Text.StartsWith("The weather", StringComparison.Ordinal));
        Assert.Equal(chosen.OrderBy(s => s.Evidence[0].Start), chosen);
        // What must stay stays, even past the budget.
        Assert.Equal("The weather was pleasant today in the whole region.", Assert.Single(weatherKept).Text);
    }

    private static IEnumerable<NoteSentence> TextSentences(StructuredNote note) =>
        note.Sections.SelectMany(s => s.Sentences).Where(s => s.Evidence[0].SourceId.StartsWith("DocumentReference/", StringComparison.Ordinal));

    private static StructuredNote Draft(RuleBasedClinicalNoteEngine engine, Hl7.Fhir.Model.Bundle context, NoteKind kind) =>
        engine.DraftAsync(new NoteDraftRequest(Guid.NewGuid(), 1, kind, context, DateTimeOffset.UnixEpoch), CancellationToken.None).GetAwaiter().GetResult();
}
