using System.Globalization;
using HealthMesh.Intake.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Subscriptions;

/// <summary>
/// Records each notification a subscription delivered and handled (heartbeat time, event count, the EHR's status) and
/// spots gaps: an event count that jumps past the last seen number + 1 without carrying the numbers in between, or
/// events with payload <c>empty</c>, mark the subscription recovering and wake the <see cref="SubscriptionMonitor"/> to
/// fetch them (<c>$events</c> for those numbers, else a <c>_lastUpdated</c> search).
/// </summary>
public sealed partial class SubscriptionTracker(
    SubscriptionStateStore store,
    SubscriptionMonitor monitor,
    IOptionsMonitor<IntakeOptions> options,
    TimeProvider clock,
    ILogger<SubscriptionTracker> logger)
{
    /// <summary>Call after the delivery was answered 200: a rejected body tells nothing reliable about the subscription.</summary>
    public async Task RecordAsync(string subscriptionId, ParsedNotification notification, CancellationToken cancellationToken)
    {
        var configured = options.CurrentValue.Subscriptions[subscriptionId];
        var now = clock.GetUtcNow();
        await store.EnsureAsync(subscriptionId, configured.EffectiveResourceTypes, configured.HeartbeatPeriod, now, cancellationToken);

        var numbers = notification.Events
            .Select(e => (Number: long.TryParse(e.EventNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (long?)null, e.Focus))
            .Where(e => e.Number is not null)
            .ToList();
        // Events with payload 'empty' arrived (no gap) but carry nothing: they are fetched as missed ones are.
        var carried = numbers.Select(e => e.Number!.Value).ToHashSet();
        var empty = numbers.Where(e => e.Focus is null).Select(e => e.Number!.Value).ToList();
        var reported = notification.Status?.EventsSinceSubscriptionStart;
        long? highest = numbers.Count == 0 ? reported : Math.Max(numbers.Max(e => e.Number!.Value), reported ?? 0);

        Gap? gap = null;
        await store.UpdateAsync(subscriptionId, current =>
        {
            var missed = notification.Kind == NotificationKind.Handshake ? null : FindGap(current.LastEventNumber, highest, carried);
            gap = empty.Count == 0 ? missed : Widen(missed, new Gap(empty.Min(), empty.Max()));
            var next = current with
            {
                EhrSubscription = notification.Status?.Subscription ?? current.EhrSubscription,
                Topic = notification.Status?.Topic ?? current.Topic,
                EhrStatus = notification.Status?.Status ?? current.EhrStatus,
                ResourceTypes = configured.EffectiveResourceTypes,
                HeartbeatPeriod = configured.HeartbeatPeriod,
                // A handshake starts the subscription's count afresh (a re-created subscription counts from 0 again).
                LastEventNumber = notification.Kind == NotificationKind.Handshake ? reported ?? current.LastEventNumber : Max(current.LastEventNumber, highest),
                LastNotificationAt = now,
                WatermarkAt = now,
            };
            return gap is not { } missing
                ? next
                : next with
                {
                    Health = SubscriptionHealth.Recovering,
                    HealthReason = missed is null
                        ? $"Events {missing.From}-{missing.To} arrived with payload 'empty'; fetching them from the EHR."
                        : $"Events {missing.From}-{missing.To} were not delivered (notification reported {highest}, last seen {current.LastEventNumber}).",
                    HealthChangedAt = current.Health == SubscriptionHealth.Recovering ? current.HealthChangedAt : now,
                    // A gap seen while recovering widens the window rather than replacing it.
                    RecoverSince = Min(current.RecoverSince, current.WatermarkAt),
                    RecoverFromEvent = Min(current.RecoverFromEvent, missing.From),
                    RecoverToEvent = current.Health == SubscriptionHealth.Active ? missing.To : Max(current.RecoverToEvent, missing.To),
                };
        }, cancellationToken);

        if (gap is { } found)
        {
            LogGap(subscriptionId, found.From, found.To);
            monitor.Wake();
        }
    }

    /// <summary>
    /// The first and last number in (last, highest] not carried by this notification; null when none is missing or the
    /// count is unknown. Walks only over carried numbers, so a huge reported count costs nothing.
    /// </summary>
    private static Gap? FindGap(long? last, long? highest, HashSet<long> carried)
    {
        if (last is not { } seen || highest is not { } high || high <= seen)
        {
            return null;
        }

        var from = seen + 1;
        while (from <= high && carried.Contains(from))
        {
            from++;
        }

        if (from > high)
        {
            return null;
        }

        var to = high;
        while (carried.Contains(to))
        {
            to--;
        }

        return new Gap(from, to);
    }

    private static Gap Widen(Gap? a, Gap b) => a is not { } gap ? b : new Gap(Math.Min(gap.From, b.From), Math.Max(gap.To, b.To));

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static long? Min(long? a, long b) => a is null ? b : Math.Min(a.Value, b);

    private static DateTimeOffset Min(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a.Value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} missed events {From}-{To}; recovering")]
    private partial void LogGap(string subscriptionId, long from, long to);

    private readonly record struct Gap(long From, long To);
}
