using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Governance.Monitoring;

namespace HealthMesh.Orchestrator.UnitTests.Governance.Monitoring;

/// <summary>Seeded histories with known answers: a clean one, and ones with a planted degradation, drift or disparity.</summary>
public static class MonitoringHistories
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public static readonly PatientGroup Female = new("female", "45-64", "en", "White", "Not Hispanic or Latino");
    public static readonly PatientGroup Male = new("male", "45-64", "en", "White", "Not Hispanic or Latino");

    /// <summary>Small minimums so that hand-countable histories are judged.</summary>
    public static MonitoringOptions Options() => new() { MinimumDecisions = 4, MinimumDriftSamples = 10, MinimumGroupSize = 10 };

    public static ReviewOutcome Outcome(
        ReviewDecision decision, int drafted, int changed, int accepted, int removed, int added, double? seconds,
        double daysAgo = 1, string version = "1.0.0", PatientGroup? group = null) =>
        new(Guid.NewGuid(), "rules", version, Now.AddDays(-daysAgo), decision, drafted, changed, accepted, removed, added, seconds, group);

    public static IncomingWork Encounter(double daysAgo) =>
        new(Guid.NewGuid(), Now.AddDays(-daysAgo), NoteKind.EncounterSummary, 300, ["subjective", "objective", "assessment", "plan"], ["J", "I"]);

    public static IncomingWork Radiology(double daysAgo) =>
        new(Guid.NewGuid(), Now.AddDays(-daysAgo), NoteKind.RadiologyReport, 1200, ["findings", "impression"], ["R"]);

    /// <summary>
    /// Good decisions spread over 30 days, both sexes alike, and the same mix of incoming work every day: nothing to
    /// alert on. 40 reference workflows (days 8–34) and 10 in the window (days 0–6), 1 in 5 a radiology report.
    /// </summary>
    public static MonitoringHistory Clean()
    {
        var outcomes = new List<ReviewOutcome>();
        for (var i = 0; i < 30; i++)
        {
            var group = i % 2 == 0 ? Female : Male;
            outcomes.Add(Outcome(i % 3 == 0 ? ReviewDecision.ApprovedWithEdits : ReviewDecision.Approved, 10, i % 3 == 0 ? 1 : 0, 4, 0, 0, 120, daysAgo: i + 0.5, group: group));
        }

        return new MonitoringHistory(outcomes, SteadyWork());
    }

    public static List<IncomingWork> SteadyWork()
    {
        var work = new List<IncomingWork>();
        for (var i = 0; i < 50; i++)
        {
            var daysAgo = i < 10 ? 0.5 + (i * 0.6) : 8 + ((i - 10) * 0.65);
            work.Add(i % 5 == 0 ? Radiology(daysAgo) : Encounter(daysAgo));
        }

        return work;
    }
}
