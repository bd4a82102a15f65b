using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Polling;

/// <summary>Runs each configured source's rounds at its interval; a failed round is logged and tried again next interval.</summary>
public sealed partial class PollingWorker(ResourcePoller poller, IOptions<PollingOptions> options, TimeProvider clock, ILogger<PollingWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled
            ? Task.WhenAll(options.Value.Sources.Select(s => PollAsync(s.Key, s.Value.Interval, stoppingToken)))
            : Task.CompletedTask;

    private async Task PollAsync(string sourceId, TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await poller.PollOnceAsync(sourceId, cancellationToken: stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Type only: EHR diagnostics may quote clinical data. The saved next link lets the next round continue.
                LogFailed(sourceId, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling source {SourceId}: round failed ({ExceptionType}); retried at the next interval")]
    private partial void LogFailed(string sourceId, string exceptionType);
}
