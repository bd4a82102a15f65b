using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HealthMesh.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>
/// Publishes RabbitMQ queue depths as the <c>healthmesh.queue.depth</c> gauge (tag <c>queue</c>), read every 15 seconds
/// over AMQP so a metrics scrape never waits on the broker. Does nothing on the in-memory transport.
/// </summary>
public sealed partial class QueueDepthMonitor : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<string, long> depths = new(StringComparer.Ordinal);
    private readonly RabbitMqFailedQueues rabbitMq;
    private readonly ILogger<QueueDepthMonitor> logger;

    public QueueDepthMonitor(RabbitMqFailedQueues rabbitMq, ILogger<QueueDepthMonitor> logger)
    {
        this.rabbitMq = rabbitMq;
        this.logger = logger;
        HealthMeshTelemetry.Meter.CreateObservableGauge(
            "healthmesh.queue.depth",
            () => depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key))),
            "{message}",
            "Ready messages in each HealthMesh queue and its error, dead-letter and parking queues (RabbitMQ).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!rabbitMq.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                foreach (var depth in await rabbitMq.DepthsAsync(stoppingToken))
                {
                    depths[depth.Queue] = depth.Messages;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading queue depths failed ({ExceptionType}); trying again next interval")]
    private partial void LogFailed(string exceptionType);
}
