using System.Globalization;
using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>
/// Quality per engine version, drift of incoming work and quality per patient group, from a history: pure, so the
/// page, the report command and the exported metrics show the same figures for the same history and time.
/// Windows end at <c>now</c> and include their end: (now − window, now].
/// </summary>
public static class MonitoringCalculator
{
    /// <summary>Series points are one a day, counted back from <c>now</c>.</summary>
    public static readonly TimeSpan SeriesStep = TimeSpan.FromDays(1);

    public static MonitoringReport Compute(MonitoringHistory history, MonitoringOptions options, DateTimeOffset now, DateTimeOffset since)
    {
        var alerts = new List<MonitoringAlert>();
        var ends = SeriesEnds(since, now);
        var versions = Quality(history.Outcomes, options, now, ends, alerts);
        var drift = Drift(history.Work, options, now, ends, alerts);
        var groups = Fairness(history.Outcomes, options, now, alerts);
        return new MonitoringReport(now, since, versions, drift, groups, alerts);
    }

    public static QualityMeasures Measure(IReadOnlyCollection<ReviewOutcome> outcomes)
    {
        var approved = outcomes.Where(o => o.Decision is ReviewDecision.Approved or ReviewDecision.ApprovedWithEdits).ToList();
        var rejected = outcomes.Count - approved.Count;
        var drafted = approved.Sum(o => o.SentencesDrafted);
        var draftedCodes = approved.Sum(o => o.CodesAccepted + o.CodesRemoved);
        var finalCodes = approved.Sum(o => o.CodesAccepted + o.CodesAdded);
        var seconds = outcomes.Select(o => o.SecondsSpent).OfType<double>().Order().ToList();
        return new QualityMeasures(
            outcomes.Count,
            approved.Count,
            rejected,
            Ratio(approved.Sum(o => o.SentencesChanged), drafted),
            Ratio(approved.Sum(o => o.CodesAccepted), draftedCodes),
            Ratio(approved.Sum(o => o.CodesRemoved), draftedCodes),
            Ratio(approved.Sum(o => o.CodesAdded), finalCodes),
            Ratio(rejected, outcomes.Count),
            Median(seconds));
    }

    /// <summary>Jensen–Shannon divergence in bits of two count distributions (0 when either is empty).</summary>
    public static double JensenShannon(IReadOnlyDictionary<string, int> p, IReadOnlyDictionary<string, int> q)
    {
        var (pn, qn) = (p.Values.Sum(), q.Values.Sum());
        if (pn == 0 || qn == 0)
        {
            return 0;
        }

        var divergence = 0.0;
        foreach (var key in p.Keys.Union(q.Keys))
        {
            var pi = (double)p.GetValueOrDefault(key) / pn;
            var qi = (double)q.GetValueOrDefault(key) / qn;
            var mi = (pi + qi) / 2;
            divergence += (pi > 0 ? pi * Math.Log2(pi / mi) : 0) + (qi > 0 ? qi * Math.Log2(qi / mi) : 0);
        }

        return Math.Clamp(divergence / 2, 0, 1);
    }

    /// <summary>KL(p ‖ q) in bits with add-½ smoothing over the categories of both.</summary>
    public static double KullbackLeibler(IReadOnlyDictionary<string, int> p, IReadOnlyDictionary<string, int> q)
    {
        var keys = p.Keys.Union(q.Keys).ToList();
        var (pn, qn) = (p.Values.Sum() + (keys.Count * 0.5), q.Values.Sum() + (keys.Count * 0.5));
        return keys.Sum(key =>
        {
            var pi = (p.GetValueOrDefault(key) + 0.5) / pn;
            var qi = (q.GetValueOrDefault(key) + 0.5) / qn;
            return pi * Math.Log2(pi / qi);
        });
    }

    /// <summary>The categories a workflow contributes to a distribution: one for kind and length, one per section or code.</summary>
    public static IEnumerable<string> Categories(IncomingWork work, string distribution) => distribution switch
    {
        KnownDistributions.NoteKind => [work.NoteKind.ToString()],
        KnownDistributions.NoteLength => [LengthBucket(work.SourceWords)],
        KnownDistributions.SectionMix => work.Sections,
        KnownDistributions.CodeMix => work.CodeChapters,
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown distribution."),
    };

    public static string LengthBucket(int words) => words switch
    {
        < 100 => "<100 words",
        < 250 => "100-249 words",
        < 500 => "250-499 words",
        < 1000 => "500-999 words",
        _ => "1000+ words",
    };

    public static string? GroupOf(PatientGroup? group, string dimension) => dimension switch
    {
        KnownGroupDimensions.Sex => group?.Sex,
        KnownGroupDimensions.AgeBand => group?.AgeBand,
        KnownGroupDimensions.Language => group?.Language,
        KnownGroupDimensions.Race => group?.Race,
        KnownGroupDimensions.Ethnicity => group?.Ethnicity,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown group dimension."),
    };

    private static List<VersionQuality> Quality(
        IReadOnlyList<ReviewOutcome> outcomes, MonitoringOptions options, DateTimeOffset now, IReadOnlyList<DateTimeOffset> ends, List<MonitoringAlert> alerts)
    {
        var versions = new List<VersionQuality>();
        foreach (var version in outcomes.GroupBy(o => (o.EngineName, o.EngineVersion))
            .OrderBy(g => g.Key.EngineName, StringComparer.Ordinal).ThenBy(g => g.Key.EngineVersion, StringComparer.Ordinal))
        {
            var rows = version.ToList();
            var window = Measure(In(rows, o => o.DecidedAt, now - options.QualityWindow, now));
            var series = ends
                .Select(end => new QualityPoint(end, Measure(In(rows, o => o.DecidedAt, end - options.QualityWindow, end))))
                .Where(p => p.Measures.Decisions > 0)
                .ToList();
            versions.Add(new VersionQuality(version.Key.EngineName, version.Key.EngineVersion, window, series));

            if (window.Decisions < options.MinimumDecisions)
            {
                continue;
            }

            var subject = $"{version.Key.EngineName} {version.Key.EngineVersion}";
            var days = options.QualityWindow.TotalDays.ToString("0.##", CultureInfo.InvariantCulture);
            Above(alerts, KnownAlertKinds.Quality, subject, "edit rate", window.EditRate, options.MaxEditRate,
                $"{subject}: {Percent(window.EditRate)} of drafted sentences edited over the last {days} days ({window.Decisions} decisions), above {Percent(options.MaxEditRate)}.");
            Above(alerts, KnownAlertKinds.Quality, subject, "rejection rate", window.RejectionRate, options.MaxRejectionRate,
                $"{subject}: {Percent(window.RejectionRate)} of drafts rejected or sent back over the last {days} days ({window.Decisions} decisions), above {Percent(options.MaxRejectionRate)}.");
            Below(alerts, KnownAlertKinds.Quality, subject, "code acceptance rate", window.CodeAcceptanceRate, options.MinCodeAcceptanceRate,
                $"{subject}: {Percent(window.CodeAcceptanceRate)} of drafted codes kept over the last {days} days, below {Percent(options.MinCodeAcceptanceRate)}.");
            Above(alerts, KnownAlertKinds.Quality, subject, "median review seconds", window.MedianReviewSeconds, options.MaxMedianReviewSeconds,
                $"{subject}: median review time {window.MedianReviewSeconds:0} s over the last {days} days, above {options.MaxMedianReviewSeconds:0} s.");
        }

        return versions;
    }

    private static List<DistributionDrift> Drift(
        IReadOnlyList<IncomingWork> work, MonitoringOptions options, DateTimeOffset now, IReadOnlyList<DateTimeOffset> ends, List<MonitoringAlert> alerts)
    {
        var drift = new List<DistributionDrift>();
        foreach (var distribution in KnownDistributions.All)
        {
            var (window, reference) = Windows(work, options, now);
            var (windowCounts, referenceCounts) = (Counts(window, distribution), Counts(reference, distribution));
            var enough = window.Count >= options.MinimumDriftSamples && reference.Count >= options.MinimumDriftSamples;
            double? js = enough ? JensenShannon(windowCounts, referenceCounts) : null;
            var series = ends.Select(end =>
            {
                var (w, r) = Windows(work, options, end);
                return new DriftPoint(end, w.Count >= options.MinimumDriftSamples && r.Count >= options.MinimumDriftSamples
                    ? JensenShannon(Counts(w, distribution), Counts(r, distribution))
                    : null);
            }).ToList();
            drift.Add(new DistributionDrift(
                distribution, js, enough ? KullbackLeibler(windowCounts, referenceCounts) : null, window.Count, reference.Count,
                Shares(windowCounts), Shares(referenceCounts), series));

            Above(alerts, KnownAlertKinds.Drift, distribution, "Jensen-Shannon divergence", js, options.MaxJensenShannon,
                $"Incoming work's {distribution} has drifted: Jensen-Shannon divergence {js:0.000} bits between the last " +
                $"{options.DriftWindow.TotalDays:0.##} days ({window.Count} workflows) and the {options.DriftReferenceWindow.TotalDays:0.##} days before " +
                $"({reference.Count}), above {options.MaxJensenShannon:0.000}.");
        }

        return drift;
    }

    private static List<GroupQuality> Fairness(IReadOnlyList<ReviewOutcome> outcomes, MonitoringOptions options, DateTimeOffset now, List<MonitoringAlert> alerts)
    {
        var recent = In(outcomes, o => o.DecidedAt, now - options.FairnessWindow, now);
        var result = new List<GroupQuality>();
        foreach (var dimension in KnownGroupDimensions.All)
        {
            var groups = recent
                .GroupBy(o => GroupOf(o.Group, dimension) ?? KnownGroupDimensions.NotRecorded, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Group: g.Key, Measures: Measure(g.ToList())))
                .Select(g => (g.Group, g.Measures, Judged: g.Group != KnownGroupDimensions.NotRecorded && g.Measures.Decisions >= options.MinimumGroupSize))
                .ToList();
            var judged = groups.Where(g => g.Judged).ToList();
            var comparable = judged.Count >= 2;
            var best = HigherIsBetter.ToDictionary(m => m.Name, m => judged.Select(g => m.Rate(g.Measures)).OfType<double>().DefaultIfEmpty().Max());

            foreach (var (group, measures, isJudged) in groups)
            {
                var worst = isJudged && comparable
                    ? HigherIsBetter
                        .Where(m => m.Rate(measures) is not null && best[m.Name] > 0)
                        .Select(m => (m.Name, Ratio: m.Rate(measures)!.Value / best[m.Name]))
                        .OrderBy(r => r.Ratio)
                        .Cast<(string Name, double Ratio)?>()
                        .FirstOrDefault()
                    : null;
                result.Add(new GroupQuality(dimension, group, measures, isJudged && comparable, worst?.Ratio, worst?.Name));
                if (worst is { } w)
                {
                    Below(alerts, KnownAlertKinds.Fairness, $"{dimension}: {group}", w.Name, w.Ratio, options.MinDisparityRatio,
                        $"Patients with {dimension} '{group}' fall behind: their {w.Name} is {w.Ratio:0.00} of the best group's over the last " +
                        $"{options.FairnessWindow.TotalDays:0.##} days ({measures.Decisions} decisions), below {options.MinDisparityRatio:0.00}.");
                }
            }
        }

        return result;
    }

    /// <summary>The rates fairness compares, each turned so that higher is better.</summary>
    private static readonly (string Name, Func<QualityMeasures, double?> Rate)[] HigherIsBetter =
    [
        ("sentences kept", m => 1 - m.EditRate),
        ("code acceptance rate", m => m.CodeAcceptanceRate),
        ("approval rate", m => 1 - m.RejectionRate),
    ];

    private static (List<IncomingWork> Window, List<IncomingWork> Reference) Windows(IReadOnlyList<IncomingWork> work, MonitoringOptions options, DateTimeOffset end)
    {
        var start = end - options.DriftWindow;
        return (In(work, w => w.ReceivedAt, start, end), In(work, w => w.ReceivedAt, start - options.DriftReferenceWindow, start));
    }

    private static Dictionary<string, int> Counts(IEnumerable<IncomingWork> work, string distribution) =>
        work.SelectMany(w => Categories(w, distribution))
            .GroupBy(c => c, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static SortedDictionary<string, double> Shares(Dictionary<string, int> counts)
    {
        var total = counts.Values.Sum();
        return new SortedDictionary<string, double>(counts.ToDictionary(c => c.Key, c => (double)c.Value / total), StringComparer.Ordinal);
    }

    private static List<T> In<T>(IEnumerable<T> rows, Func<T, DateTimeOffset> time, DateTimeOffset after, DateTimeOffset until) =>
        [.. rows.Where(r => time(r) > after && time(r) <= until)];

    private static IReadOnlyList<DateTimeOffset> SeriesEnds(DateTimeOffset since, DateTimeOffset now)
    {
        var steps = Math.Max(0, (int)Math.Floor((now - since) / SeriesStep));
        return [.. Enumerable.Range(0, steps + 1).Select(k => now - (SeriesStep * (steps - k)))];
    }

    private static void Above(List<MonitoringAlert> alerts, string kind, string subject, string measure, double? value, double threshold, string message)
    {
        if (value is { } v && v > threshold)
        {
            alerts.Add(new MonitoringAlert(kind, subject, measure, v, threshold, message));
        }
    }

    private static void Below(List<MonitoringAlert> alerts, string kind, string subject, string measure, double? value, double threshold, string message)
    {
        if (value is { } v && v < threshold)
        {
            alerts.Add(new MonitoringAlert(kind, subject, measure, v, threshold, message));
        }
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0.#%", CultureInfo.InvariantCulture) : "–";

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static double? Median(List<double> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
    };
}
