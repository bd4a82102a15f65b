using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>
/// The monitoring report as HTML: alerts, then charts over time as inline SVG (no script, nothing fetched), then the
/// current figures as tables. <see cref="Body"/> goes into the Orchestrator's page; <see cref="Document"/> is the
/// same body as one self-contained file (<c>healthmesh report</c>).
/// </summary>
public static class MonitoringHtml
{
    private const int Width = 720;
    private const int Height = 220;
    private const int Left = 48;
    private const int Right = 160;
    private const int Top = 16;
    private const int Bottom = 28;

    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

    public static string Document(MonitoringReport report, MonitoringOptions options) =>
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>HealthMesh monitoring · {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC</title><style>" +
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:1100px}h1{font-size:1.5rem}h2{margin-top:2rem;font-size:1.2rem}" +
        "table{border-collapse:collapse;margin:.5rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}" +
        ".muted{color:#666}.flag{background:#fdecea;border-left:4px solid #d62728;padding:.4rem .8rem;margin:.3rem 0}td.bad{color:#b00020;font-weight:600}" +
        $"</style></head><body>{Body(report, options)}</body></html>";

    public static string Body(MonitoringReport report, MonitoringOptions options)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture,
            $"<header class=\"top\"><h1>Quality, drift and fairness</h1><p class=\"summary muted\">{report.Since:yyyy-MM-dd HH:mm} to " +
            $"{report.GeneratedAt:yyyy-MM-dd HH:mm} UTC · quality window {Days(options.QualityWindow)} · drift {Days(options.DriftWindow)} against the " +
            $"{Days(options.DriftReferenceWindow)} before · groups over {Days(options.FairnessWindow)}, at least {options.MinimumGroupSize} decisions</p></header>");

        html.Append("<section id=\"alerts\"><h2>Alerts</h2>");
        if (report.Alerts.Count == 0)
        {
            html.Append("<p class=\"empty\" id=\"no-alerts\">No alert: every measure is within its threshold.</p>");
        }

        foreach (var alert in report.Alerts)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<p class=\"flag alert\" role=\"alert\" data-kind=\"{E(alert.Kind)}\"><strong>{E(alert.Kind)}</strong> · {E(alert.Message)}</p>");
        }

        html.Append("</section><section id=\"quality\"><h2>Quality per engine version</h2>");
        if (report.Versions.Count == 0)
        {
            html.Append("<p class=\"empty\">No review decision in this period.</p>");
        }
        else
        {
            var versions = report.Versions.Select(v => $"{v.EngineName} {v.EngineVersion}").ToList();
            QualityChart(html, report, "Edit rate (share of drafted sentences changed)", versions, m => m.EditRate, 1, options.MaxEditRate);
            QualityChart(html, report, "Rejection rate (rejected or sent back)", versions, m => m.RejectionRate, 1, options.MaxRejectionRate);
            QualityChart(html, report, "Code acceptance rate (drafted codes kept)", versions, m => m.CodeAcceptanceRate, 1, options.MinCodeAcceptanceRate);
            var slowest = report.Versions.SelectMany(v => v.Series).Select(p => p.Measures.MedianReviewSeconds ?? 0).DefaultIfEmpty().Max();
            QualityChart(html, report, "Median review time (seconds)", versions, m => m.MedianReviewSeconds, Math.Max(slowest, options.MaxMedianReviewSeconds) * 1.1, options.MaxMedianReviewSeconds);

            html.Append("<table class=\"versions\"><thead><tr><th>Engine</th><th>Decisions</th><th>Edit rate</th><th>Codes kept</th><th>Codes removed</th>" +
                "<th>Codes added</th><th>Rejection rate</th><th>Median review</th></tr></thead><tbody>");
            foreach (var v in report.Versions)
            {
                var m = v.Window;
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{E(v.EngineName)} {E(v.EngineVersion)}</td><td>{m.Decisions}</td>" +
                    $"{Cell(m.EditRate, m.EditRate > options.MaxEditRate)}{Cell(m.CodeAcceptanceRate, m.CodeAcceptanceRate < options.MinCodeAcceptanceRate)}" +
                    $"{Cell(m.CodeRemovalRate, false)}{Cell(m.CodeAdditionRate, false)}{Cell(m.RejectionRate, m.RejectionRate > options.MaxRejectionRate)}" +
                    $"<td>{(m.MedianReviewSeconds is { } s ? $"{s:0} s" : "–")}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section><section id=\"drift\"><h2>Drift of incoming work</h2>");
        LineChart(html, "Jensen–Shannon divergence (bits), window against reference", report.Since, report.GeneratedAt,
            [.. report.Drift.Select(d => (d.Distribution, (IReadOnlyList<(DateTimeOffset, double?)>)[.. d.Series.Select(p => (p.WindowEnd, p.JensenShannon))]))],
            Math.Max(options.MaxJensenShannon * 2, report.Drift.SelectMany(d => d.Series).Select(p => p.JensenShannon ?? 0).DefaultIfEmpty().Max() * 1.1),
            options.MaxJensenShannon, percent: false);
        html.Append("<table class=\"drift\"><thead><tr><th>Distribution</th><th>JS divergence</th><th>KL (smoothed)</th><th>Window</th><th>Reference</th></tr></thead><tbody>");
        foreach (var d in report.Drift)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-distribution=\"{E(d.Distribution)}\"><td>{E(d.Distribution)}</td>" +
                $"<td class=\"{(d.JensenShannon > options.MaxJensenShannon ? "bad" : string.Empty)}\">{Number(d.JensenShannon)}</td><td>{Number(d.KullbackLeibler)}</td>" +
                $"<td>{Shares(d.Window)} <span class=\"muted\">({d.WindowSamples})</span></td><td>{Shares(d.Reference)} <span class=\"muted\">({d.ReferenceSamples})</span></td></tr>");
        }

        html.Append("</tbody></table></section><section id=\"fairness\"><h2>Quality per patient group</h2>");
        html.Append("<p class=\"muted\">Demographics come from De-identification, the only service that sees the Patient; they never reach the drafting engine. " +
            "The disparity ratio is a group's worst rate (sentences kept, codes kept, drafts approved) as a share of the best judged group's.</p>");
        html.Append("<table class=\"groups\"><thead><tr><th>Dimension</th><th>Group</th><th>Decisions</th><th>Edit rate</th><th>Codes kept</th>" +
            "<th>Rejection rate</th><th>Disparity ratio</th></tr></thead><tbody>");
        foreach (var g in report.Groups)
        {
            var behind = g.DisparityRatio < options.MinDisparityRatio;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-dimension=\"{E(g.Dimension)}\" data-group=\"{E(g.Group)}\"><td>{E(g.Dimension)}</td><td>{E(g.Group)}</td><td>{g.Measures.Decisions}</td>" +
                $"{Cell(g.Measures.EditRate, false)}{Cell(g.Measures.CodeAcceptanceRate, false)}{Cell(g.Measures.RejectionRate, false)}" +
                $"<td class=\"{(behind ? "bad" : string.Empty)}\">{(g.DisparityRatio is { } r ? $"{r:0.00} <span class=\"muted\">{E(g.DisparityMeasure ?? string.Empty)}</span>" : g.Judged ? "–" : "<span class=\"muted\">not judged</span>")}</td></tr>");
        }

        html.Append("</tbody></table></section>");
        return html.ToString();
    }

    private static void QualityChart(StringBuilder html, MonitoringReport report, string title, IReadOnlyList<string> names, Func<QualityMeasures, double?> value, double max, double threshold) =>
        LineChart(html, title, report.Since, report.GeneratedAt,
            [.. report.Versions.Select((v, i) => (names[i], (IReadOnlyList<(DateTimeOffset, double?)>)[.. v.Series.Select(p => (p.WindowEnd, value(p.Measures)))]))],
            max, threshold, percent: max <= 1);

    /// <summary>One line per series over [from, to], a dashed threshold line, axes with three dates and five levels.</summary>
    private static void LineChart(
        StringBuilder html, string title, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyList<(string Name, IReadOnlyList<(DateTimeOffset At, double? Value)> Points)> series, double max, double threshold, bool percent)
    {
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var span = Math.Max(1, (to - from).TotalSeconds);
        double X(DateTimeOffset at) => Left + (plotWidth * Math.Clamp((at - from).TotalSeconds / span, 0, 1));
        double Y(double v) => Top + (plotHeight * (1 - Math.Clamp(v / max, 0, 1)));
        string Label(double v) => percent ? v.ToString("0%", CultureInfo.InvariantCulture) : v.ToString(max >= 10 ? "0" : "0.00", CultureInfo.InvariantCulture);

        html.Append(CultureInfo.InvariantCulture,
            $"<figure class=\"chart\"><figcaption>{E(title)}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{E(title)}\" " +
            $"width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"system-ui, sans-serif\" font-size=\"11\">");
        for (var i = 0; i <= 4; i++)
        {
            var level = max * i / 4;
            html.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{Y(level):0.#}\" y2=\"{Y(level):0.#}\" stroke=\"#e5e5e5\"/>" +
                $"<text x=\"{Left - 6}\" y=\"{Y(level) + 4:0.#}\" text-anchor=\"end\" fill=\"#666\">{Label(level)}</text>");
        }

        foreach (var (at, anchor) in new[] { (from, "start"), (from + ((to - from) / 2), "middle"), (to, "end") })
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(at):0.#}\" y=\"{Height - 8}\" text-anchor=\"{anchor}\" fill=\"#666\">{at:MMM d}</text>");
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<line class=\"threshold\" x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{Y(threshold):0.#}\" y2=\"{Y(threshold):0.#}\" stroke=\"#d62728\" stroke-dasharray=\"5 4\"/>" +
            $"<text x=\"{Left + plotWidth + 6}\" y=\"{Y(threshold) + 4:0.#}\" fill=\"#d62728\">threshold {Label(threshold)}</text>");

        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            // A gap (no data, too few samples) breaks the line instead of bridging it.
            var segment = new List<string>();
            foreach (var (at, value) in series[s].Points.Append((to.AddDays(1), null)))
            {
                if (value is { } v)
                {
                    segment.Add(string.Create(CultureInfo.InvariantCulture, $"{X(at):0.#},{Y(v):0.#}"));
                    continue;
                }

                if (segment.Count == 1)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{segment[0].Split(',')[0]}\" cy=\"{segment[0].Split(',')[1]}\" r=\"2.5\" fill=\"{color}\"/>");
                }
                else if (segment.Count > 1)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{string.Join(' ', segment)}\"/>");
                }

                segment.Clear();
            }

            html.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Left + plotWidth + 6}\" y=\"{Top + 20 + (s * 16)}\" width=\"10\" height=\"10\" fill=\"{color}\"/>" +
                $"<text x=\"{Left + plotWidth + 20}\" y=\"{Top + 29 + (s * 16)}\" fill=\"#1b1b1b\">{E(series[s].Name)}</text>");
        }

        html.Append("</svg></figure>");
    }

    private static string Cell(double? rate, bool bad) =>
        $"<td class=\"{(bad ? "bad" : string.Empty)}\">{(rate is { } r ? r.ToString("0.0%", CultureInfo.InvariantCulture) : "–")}</td>";

    private static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "<span class=\"muted\">too few</span>";

    private static string Shares(IReadOnlyDictionary<string, double> shares) =>
        shares.Count == 0 ? "–" : string.Join(", ", shares.OrderByDescending(s => s.Value).Take(5).Select(s => $"{E(s.Key)} {s.Value.ToString("0%", CultureInfo.InvariantCulture)}"));

    private static string Days(TimeSpan span) => $"{span.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days";

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
