using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Subscriptions;

/// <summary>
/// Every <see cref="RecoveryOptions.MonitorInterval"/> (or at once when woken by a gap): marks subscriptions whose
/// heartbeat is overdue as recovering, then runs recovery for every subscription recovering or in error. State lives in
/// the database, so a recovery interrupted by a restart is resumed by the next round.
/// </summary>
public sealed partial class SubscriptionMonitor(
    IServiceScopeFactory scopes,
    SubscriptionStateStore store,
    IOptionsMonitor<IntakeOptions> intake,
    IOptions<RecoveryOptions> options,
    TimeProvider clock,
    ILogger<SubscriptionMonitor> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0, 1);

    // One round at a time: two overlapping rounds (the timer's and a caller's) would recover the same window twice and
    // race each other through Intake's de-duplication.
    private readonly SemaphoreSlim round = new(1, 1);

    /// <summary>Starts a round now instead of at the next interval.</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A round is already requested.
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        round.Dispose();
        base.Dispose();
    }

    /// <summary>One round; public so that a caller can run it without waiting for the timer.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await round.WaitAsync(cancellationToken);
        try
        {
            await CheckOnceAsync(cancellationToken);
        }
        finally
        {
            round.Release();
        }
    }

    private async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        var configured = intake.CurrentValue.Subscriptions;
        var now = clock.GetUtcNow();
        foreach (var (id, subscription) in configured)
        {
            await store.EnsureAsync(id, subscription.EffectiveResourceTypes, subscription.HeartbeatPeriod, now, cancellationToken);
        }

        foreach (var state in await store.ListAsync(cancellationToken))
        {
            if (!configured.TryGetValue(state.SubscriptionId, out var subscription))
            {
                continue;
            }

            var current = state;
            if (IsHeartbeatOverdue(state, subscription, now) is { } overdue)
            {
                LogHeartbeatOverdue(state.SubscriptionId, overdue);
                current = await store.UpdateAsync(state.SubscriptionId, s => IsHeartbeatOverdue(s, subscription, now) is null ? null : s with
                {
                    Health = SubscriptionHealth.Recovering,
                    HealthReason = $"No heartbeat or notification since {s.WatermarkAt:O} (heartbeat period {subscription.HeartbeatPeriod:c}).",
                    HealthChangedAt = now,
                    RecoverSince = s.WatermarkAt,
                    RecoverFromEvent = s.LastEventNumber + 1,
                    RecoverToEvent = null,
                }, cancellationToken) ?? state;
            }

            if (current.Health is SubscriptionHealth.Recovering or SubscriptionHealth.Error)
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SubscriptionRecovery>().RecoverAsync(current, cancellationToken);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A failed round (database briefly unavailable) must not stop monitoring for good.
                LogRoundFailed(e);
            }

            try
            {
                await wake.WaitAsync(options.Value.MonitorInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>How long past due the heartbeat is, for an active subscription that expects one; null when on time.</summary>
    private TimeSpan? IsHeartbeatOverdue(SubscriptionState state, IntakeSubscriptionOptions subscription, DateTimeOffset now)
    {
        if (state.Health != SubscriptionHealth.Active || subscription.HeartbeatPeriod is not { } period)
        {
            return null;
        }

        var silence = now - state.WatermarkAt;
        var allowed = period * options.Value.HeartbeatGraceFactor;
        return silence > allowed ? silence - allowed : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}: heartbeat overdue by {Overdue}; recovering")]
    private partial void LogHeartbeatOverdue(string subscriptionId, TimeSpan overdue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscription monitor round failed")]
    private partial void LogRoundFailed(Exception exception);
}
