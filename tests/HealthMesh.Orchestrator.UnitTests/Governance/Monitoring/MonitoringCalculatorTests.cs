using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Governance.Monitoring;
using static HealthMesh.Orchestrator.UnitTests.Governance.Monitoring.MonitoringHistories;

namespace HealthMesh.Orchestrator.UnitTests.Governance.Monitoring;

public sealed class MonitoringCalculatorTests
{
    [Fact]
    public void Quality_of_a_version_window_matches_the_hand_counted_figures_and_only_the_rejection_rate_alerts()
    {
        // In the 7-day window: 25 drafted sentences of approved notes, 0 + 4 + 1 changed → 5/25 = 0.20 edit rate;
        // 8 drafted codes, 6 kept, 2 removed, 1 added → 0.75 accepted, 0.25 removed, 1/7 of approved codes added;
        // 1 rejection of 4 → 0.25; review times 30, 60, 120, 300 s → median 90 s. The 8-day-old decision is outside.
        var history = new MonitoringHistory(
        [
            Outcome(ReviewDecision.Approved, 10, 0, 3, 0, 0, 60),
            Outcome(ReviewDecision.ApprovedWithEdits, 10, 4, 2, 1, 1, 120, daysAgo: 2),
            Outcome(ReviewDecision.ApprovedWithEdits, 5, 1, 1, 1, 0, 300, daysAgo: 6.9),
            Outcome(ReviewDecision.Rejected, 8, 0, 0, 0, 0, 30, daysAgo: 3),
            Outcome(ReviewDecision.Rejected, 8, 0, 0, 0, 0, 30, daysAgo: 8),
        ], []);

        var report = MonitoringCalculator.Compute(history, Options(), Now, Now.AddDays(-10));

        var version = Assert.Single(report.Versions);
        var window = version.Window;
        Assert.Equal((4, 3, 1), (window.Decisions, window.Approved, window.Rejected));
        Assert.Equal(0.20, window.EditRate!.Value, 10);
        Assert.Equal(0.75, window.CodeAcceptanceRate!.Value, 10);
        Assert.Equal(0.25, window.CodeRemovalRate!.Value, 10);
        Assert.Equal(1.0 / 7, window.CodeAdditionRate!.Value, 10);
        Assert.Equal(0.25, window.RejectionRate!.Value, 10);
        Assert.Equal(90, window.MedianReviewSeconds!.Value, 10);

        var alert = Assert.Single(report.Alerts);
        Assert.Equal((KnownAlertKinds.Quality, "rules 1.0.0", "rejection rate", 0.25, 0.15), (alert.Kind, alert.Subject, alert.Measure, alert.Value, alert.Threshold));

        // One point a day over the 10 days; those 10 and 9 days back hold no decision in their window.
        Assert.Equal(9, version.Series.Count);
        Assert.Equal(Now, version.Series[^1].WindowEnd);
        Assert.Equal(window, version.Series[^1].Measures);
        // Seven days ago the window held the 6.9- and 8-day-old decisions: one approved with 1 of 5 sentences edited, one rejection.
        var weekAgo = version.Series.Single(p => p.WindowEnd == Now.AddDays(-6));
        Assert.Equal((2, 0.2, 0.5), (weekAgo.Measures.Decisions, weekAgo.Measures.EditRate, weekAgo.Measures.RejectionRate));
    }

    [Fact]
    public void A_degraded_version_alerts_on_its_edit_rate_and_code_acceptance_and_a_good_one_beside_it_does_not()
    {
        var outcomes = new List<ReviewOutcome>();
        for (var i = 0; i < 6; i++)
        {
            outcomes.Add(Outcome(ReviewDecision.Approved, 10, 0, 4, 0, 0, 90, daysAgo: i + 0.5, version: "1.0.0"));
            // 6 of 10 sentences rewritten and 2 of 4 codes removed on every note of 2.0.0.
            outcomes.Add(Outcome(ReviewDecision.ApprovedWithEdits, 10, 6, 2, 2, 1, 400, daysAgo: i + 0.5, version: "2.0.0"));
        }

        var report = MonitoringCalculator.Compute(new MonitoringHistory(outcomes, []), Options(), Now, Now.AddDays(-7));

        Assert.All(report.Alerts, a => Assert.Equal("rules 2.0.0", a.Subject));
        Assert.Equal(["code acceptance rate", "edit rate"], report.Alerts.Select(a => a.Measure).Order());
        Assert.Equal(0.6, report.Alerts.Single(a => a.Measure == "edit rate").Value, 10);
        Assert.Equal(0.5, report.Alerts.Single(a => a.Measure == "code acceptance rate").Value, 10);
    }

    [Fact]
    public void A_window_with_fewer_decisions_than_the_minimum_does_not_alert()
    {
        var outcomes = Enumerable.Range(0, 3).Select(i => Outcome(ReviewDecision.Rejected, 10, 0, 0, 0, 0, 900, daysAgo: i + 1)).ToList();

        var report = MonitoringCalculator.Compute(new MonitoringHistory(outcomes, []), Options(), Now, Now.AddDays(-7));

        Assert.Equal(1.0, report.Versions.Single().Window.RejectionRate);
        Assert.Empty(report.Alerts);
    }

    [Fact]
    public void Jensen_Shannon_and_smoothed_Kullback_Leibler_match_hand_computed_values()
    {
        Assert.Equal(0, MonitoringCalculator.JensenShannon(Counts(("a", 3), ("b", 1)), Counts(("a", 6), ("b", 2))), 12);
        Assert.Equal(1, MonitoringCalculator.JensenShannon(Counts(("a", 1)), Counts(("b", 5))), 12);
        // p = (½, ½), q = (1, 0), m = (¾, ¼): ½[½·log2(⅔) + ½·log2(2) + log2(4/3)] = 0.311278 bits.
        Assert.Equal(0.311278, MonitoringCalculator.JensenShannon(Counts(("a", 1), ("b", 1)), Counts(("a", 4))), 6);
        // Add-½: p = (1.5/3, 1.5/3), q = (4.5/5, 0.5/5): ½·log2(0.5/0.9) + ½·log2(0.5/0.1) = 0.736966 bits.
        Assert.Equal(0.736966, MonitoringCalculator.KullbackLeibler(Counts(("a", 1), ("b", 1)), Counts(("a", 4))), 6);
    }

    [Fact]
    public void A_planted_shift_to_long_radiology_reports_raises_drift_alerts_with_the_hand_computed_divergence()
    {
        // Reference (days 7–35): 40 encounters. Window (last 7 days): 10 encounters and 30 radiology reports.
        var work = new List<IncomingWork>();
        work.AddRange(Enumerable.Range(0, 40).Select(i => Encounter(8 + (i * 0.6))));
        work.AddRange(Enumerable.Range(0, 10).Select(i => Encounter(0.5 + (i * 0.5))));
        work.AddRange(Enumerable.Range(0, 30).Select(i => Radiology(0.2 + (i * 0.2))));

        var report = MonitoringCalculator.Compute(new MonitoringHistory([], work), Options(), Now, Now.AddDays(-14));

        var kind = report.Drift.Single(d => d.Distribution == KnownDistributions.NoteKind);
        Assert.Equal((40, 40), (kind.WindowSamples, kind.ReferenceSamples));
        // p = (¼, ¾), q = (1, 0), m = (⅝, ⅜): ½[¼·log2(0.4) + ¾·log2(2) + log2(1.6)] = 0.548795 bits.
        Assert.Equal(0.548795, kind.JensenShannon!.Value, 6);
        Assert.Equal(0.75, kind.Window[nameof(NoteKind.RadiologyReport)]);
        Assert.Equal(
            [KnownDistributions.CodeMix, KnownDistributions.NoteKind, KnownDistributions.NoteLength, KnownDistributions.SectionMix],
            report.Alerts.Where(a => a.Kind == KnownAlertKinds.Drift).Select(a => a.Subject).Order());
        // A week earlier the window held only encounters: no divergence then.
        Assert.Equal(0, kind.Series.Single(p => p.WindowEnd == Now.AddDays(-7)).JensenShannon);
    }

    [Fact]
    public void Drift_is_not_computed_from_fewer_workflows_than_the_minimum()
    {
        var work = new List<IncomingWork> { Encounter(10), Encounter(11), Radiology(1) };

        var report = MonitoringCalculator.Compute(new MonitoringHistory([], work), Options(), Now, Now.AddDays(-7));

        Assert.All(report.Drift, d => Assert.Null(d.JensenShannon));
        Assert.Empty(report.Alerts);
    }

    [Fact]
    public void A_planted_group_disparity_alerts_for_that_group_and_a_tiny_or_unrecorded_group_does_not()
    {
        var outcomes = new List<ReviewOutcome>();
        for (var i = 0; i < 12; i++)
        {
            // Men's notes: half the sentences rewritten; women's: none. Ratio of sentences kept: 0.5 / 1.0.
            outcomes.Add(Outcome(ReviewDecision.Approved, 10, 0, 2, 0, 0, 60, daysAgo: i + 0.5, group: Female));
            outcomes.Add(Outcome(ReviewDecision.ApprovedWithEdits, 10, 5, 2, 0, 0, 60, daysAgo: i + 0.5, group: Male));
        }

        // Three notes of another group and three with no recorded demographics, all rejected: below the minimum size.
        outcomes.AddRange(Enumerable.Range(0, 3).Select(i => Outcome(ReviewDecision.Rejected, 10, 0, 0, 0, 0, 60, daysAgo: i + 1, group: Female with { Sex = "other" })));
        outcomes.AddRange(Enumerable.Range(0, 3).Select(i => Outcome(ReviewDecision.Rejected, 10, 0, 0, 0, 0, 60, daysAgo: i + 1)));

        var options = Options();
        options.MinimumDecisions = 1_000;
        var report = MonitoringCalculator.Compute(new MonitoringHistory(outcomes, []), options, Now, Now.AddDays(-30));

        var alert = Assert.Single(report.Alerts);
        Assert.Equal((KnownAlertKinds.Fairness, "sex: male", "sentences kept", 0.5), (alert.Kind, alert.Subject, alert.Measure, alert.Value));
        var sex = report.Groups.Where(g => g.Dimension == KnownGroupDimensions.Sex).ToDictionary(g => g.Group);
        Assert.Equal(1.0, sex["female"].DisparityRatio);
        Assert.Equal(0.5, sex["male"].Measures.EditRate);
        Assert.False(sex["other"].Judged);
        Assert.False(sex[KnownGroupDimensions.NotRecorded].Judged);
        Assert.Null(sex["other"].DisparityRatio);
        // Age band, language, race and ethnicity have a single judged group: nothing to compare with.
        Assert.All(report.Groups.Where(g => g.Dimension != KnownGroupDimensions.Sex), g => Assert.Null(g.DisparityRatio));
    }

    [Fact]
    public void A_clean_history_raises_no_alert()
    {
        var report = MonitoringCalculator.Compute(Clean(), Options(), Now, Now.AddDays(-30));

        Assert.Empty(report.Alerts);
        Assert.All(report.Drift, d => Assert.Equal(0, d.JensenShannon!.Value, 10));
        Assert.Equal(1.0, report.Groups.Single(g => g.Dimension == KnownGroupDimensions.Sex && g.Group == "male").DisparityRatio!.Value, 2);
    }

    private static Dictionary<string, int> Counts(params (string Key, int Count)[] counts) => counts.ToDictionary(c => c.Key, c => c.Count);
}
