using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>Deletes journal entries past <see cref="JournalOptions.Retention"/> every <see cref="JournalOptions.PurgeInterval"/>.</summary>
public sealed partial class JournalPurgeService(MessageJournal journal, IOptions<JournalOptions> options, TimeProvider clock, ILogger<JournalPurgeService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, clock);
        do
        {
            try
            {
                var purged = await journal.PurgeAsync(options.Value.Retention, stoppingToken);
                if (purged > 0)
                {
                    LogPurged(purged, options.Value.Retention);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database that is away for a while must not end retention for good.
                LogPurgeFailed(ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} journal entries older than {Retention}")]
    private partial void LogPurged(int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal purge failed ({ExceptionType}); trying again next interval")]
    private partial void LogPurgeFailed(string exceptionType);
}
