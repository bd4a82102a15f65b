using HealthMesh.EhrSandbox.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>Each round queues due heartbeats and drains the notification outbox; what was queued before a restart is delivered after it.</summary>
internal sealed class SubscriptionDeliveryWorker(
    SandboxDatabase database,
    SubscriptionMatcher matcher,
    SubscriptionNotifier notifier,
    IOptions<EhrSandboxOptions> options,
    TimeProvider clock,
    ILogger<SubscriptionDeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeliveryPollInterval, clock);
        do
        {
            try
            {
                await database.WriteAsync(async (connection, transaction) =>
                {
                    await matcher.QueueHeartbeatsAsync(connection, transaction);
                    return 0;
                }, stoppingToken);
                await notifier.DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad round (e.g. the file briefly unavailable) must not stop deliveries for good.
                logger.LogError(e, "Subscription delivery round failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
