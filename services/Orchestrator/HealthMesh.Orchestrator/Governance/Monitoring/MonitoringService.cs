using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>Reads the history and computes the report; the page, the report command and the metrics all come through here.</summary>
public sealed class MonitoringService(MonitoringStore store, IOptions<MonitoringOptions> options, TimeProvider clock)
{
    public MonitoringOptions Options => options.Value;

    /// <param name="since">Start of the period shown; default <see cref="MonitoringOptions.History"/> back from now.</param>
    public async Task<MonitoringReport> ComputeAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var from = since ?? now - options.Value.History;
        // Windows reach back before the period shown: the first point's rolling window and drift reference need their history.
        var reach = new[] { options.Value.QualityWindow, options.Value.DriftWindow + options.Value.DriftReferenceWindow, options.Value.FairnessWindow }.Max();
        var history = await store.ReadHistoryAsync(from - reach, cancellationToken);
        return MonitoringCalculator.Compute(history, options.Value, now, from);
    }
}
