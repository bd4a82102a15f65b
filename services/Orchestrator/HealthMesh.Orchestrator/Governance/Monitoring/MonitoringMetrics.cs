using System.Diagnostics.Metrics;
using HealthMesh.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>
/// Exports the monitoring figures as OpenTelemetry gauges (so on <c>/metrics</c>), recomputed every
/// <see cref="MonitoringOptions.RefreshInterval"/> so a scrape never runs the queries. Tags are engine names and
/// versions, distribution names and patient group categories: no identifiers.
/// </summary>
public sealed partial class MonitoringMetrics : BackgroundService
{
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<MonitoringOptions> options;
    private readonly ILogger<MonitoringMetrics> logger;
    private volatile MonitoringReport? latest;

    public MonitoringMetrics(IServiceScopeFactory scopes, IOptions<MonitoringOptions> options, ILogger<MonitoringMetrics> logger)
    {
        this.scopes = scopes;
        this.options = options;
        this.logger = logger;
        var meter = HealthMeshTelemetry.Meter;
        meter.CreateObservableGauge("healthmesh.monitoring.edit_rate",
            () => Versions(v => v.Window.EditRate), "1", "Share of drafted sentences reviewers changed, per engine version, over the rolling quality window.");
        meter.CreateObservableGauge("healthmesh.monitoring.rejection_rate",
            () => Versions(v => v.Window.RejectionRate), "1", "Share of drafts rejected or sent back, per engine version, over the rolling quality window.");
        meter.CreateObservableGauge("healthmesh.monitoring.code_acceptance_rate",
            () => Versions(v => v.Window.CodeAcceptanceRate), "1", "Share of drafted codes reviewers kept, per engine version, over the rolling quality window.");
        meter.CreateObservableGauge("healthmesh.monitoring.drift.js_divergence",
            () => (latest?.Drift ?? []).Where(d => d.JensenShannon is not null)
                .Select(d => new Measurement<double>(d.JensenShannon!.Value, new KeyValuePair<string, object?>("distribution", d.Distribution))),
            "bit", "Jensen-Shannon divergence of incoming work, current window against the reference window, per distribution.");
        meter.CreateObservableGauge("healthmesh.monitoring.disparity_ratio",
            () => (latest?.Groups ?? []).Where(g => g.DisparityRatio is not null)
                .Select(g => new Measurement<double>(g.DisparityRatio!.Value,
                    new KeyValuePair<string, object?>("dimension", g.Dimension), new KeyValuePair<string, object?>("group", g.Group))),
            "1", "A patient group's worst quality rate as a share of the best group's, per dimension and group.");
        meter.CreateObservableGauge("healthmesh.monitoring.alerts.active",
            () => new[] { KnownAlertKinds.Quality, KnownAlertKinds.Drift, KnownAlertKinds.Fairness }
                .Select(kind => new Measurement<int>(latest?.Alerts.Count(a => a.Kind == kind) ?? 0, new KeyValuePair<string, object?>("kind", kind))),
            "{alert}", "Monitoring alerts active now, by kind (quality, drift, fairness).");
    }

    /// <summary>The report the gauges show; null until the first refresh.</summary>
    public MonitoringReport? Latest => latest;

    public async Task<MonitoringReport> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<MonitoringService>().ComputeAsync(cancellationToken: cancellationToken);
        latest = report;
        return report;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        do
        {
            try
            {
                var report = await RefreshAsync(stoppingToken);
                foreach (var alert in report.Alerts)
                {
                    LogAlert(alert.Kind, alert.Subject, alert.Measure, alert.Value, alert.Threshold);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<double>> Versions(Func<VersionQuality, double?> value) =>
        (latest?.Versions ?? []).Where(v => value(v) is not null)
            .Select(v => new Measurement<double>(value(v)!.Value,
                new KeyValuePair<string, object?>("engine", v.EngineName), new KeyValuePair<string, object?>("version", v.EngineVersion)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monitoring alert ({Kind}): {Subject} {Measure} = {Value:0.###}, threshold {Threshold:0.###}")]
    private partial void LogAlert(string kind, string subject, string measure, double value, double threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Computing the monitoring metrics failed ({ExceptionType}); trying again next interval")]
    private partial void LogFailed(string exceptionType);
}
