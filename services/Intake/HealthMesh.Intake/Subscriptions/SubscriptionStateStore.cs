using System.Globalization;
using Dapper;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Intake.Subscriptions;

/// <summary>
/// <c>intake_subscription_state</c>: one row per configured subscription. Updates are conditional on the row version so
/// that Intake instances (and the notification path beside the monitor) never overwrite each other's changes.
/// </summary>
public sealed class SubscriptionStateStore(Database database)
{
    private static readonly System.Reflection.Assembly Scripts = typeof(SubscriptionStateStore).Assembly;

    /// <summary>Creates the row (active, watermark now) unless it exists.</summary>
    public async Task EnsureAsync(string subscriptionId, IReadOnlyList<string> resourceTypes, TimeSpan? heartbeatPeriod, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "InsertSubscriptionState",
            new
            {
                SubscriptionId = subscriptionId,
                ResourceTypes = string.Join(',', resourceTypes),
                HeartbeatPeriod = heartbeatPeriod?.ToString("c", CultureInfo.InvariantCulture),
                Now = now.ToString("O", CultureInfo.InvariantCulture),
                Health = nameof(SubscriptionHealth.Active),
            },
            cancellationToken));
    }

    /// <summary>Every row; an Intake serves a handful of subscriptions, so callers filter in memory.</summary>
    public async Task<IReadOnlyList<SubscriptionState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StateRow>(Command("SelectSubscriptionStates", new { }, cancellationToken));
        return [.. rows.Select(r => r.ToState())];
    }

    public async Task<SubscriptionState?> FindAsync(string subscriptionId, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(s => s.SubscriptionId == subscriptionId);

    /// <summary>Writes <paramref name="state"/> if the row is still at <c>state.Version</c>; false when someone else updated it first.</summary>
    public async Task<bool> TryUpdateAsync(SubscriptionState state, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(Command(
            "UpdateSubscriptionState",
            new
            {
                state.SubscriptionId,
                state.EhrSubscription,
                state.Topic,
                ResourceTypes = string.Join(',', state.ResourceTypes),
                HeartbeatPeriod = state.HeartbeatPeriod?.ToString("c", CultureInfo.InvariantCulture),
                state.LastEventNumber,
                LastNotificationAt = Format(state.LastNotificationAt),
                WatermarkAt = Format(state.WatermarkAt),
                Health = state.Health.ToString(),
                state.HealthReason,
                HealthChangedAt = Format(state.HealthChangedAt),
                RecoverSince = Format(state.RecoverSince),
                state.RecoverFromEvent,
                state.RecoverToEvent,
                state.LastRecovery,
                state.EhrStatus,
                state.Version,
            },
            cancellationToken));
        return updated == 1;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current row until the conditional write wins; <paramref name="change"/>
    /// returns null to leave the row as it is. Returns the row as written (or as found when unchanged).
    /// </summary>
    public async Task<SubscriptionState?> UpdateAsync(string subscriptionId, Func<SubscriptionState, SubscriptionState?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await FindAsync(subscriptionId, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var changed = change(current);
            if (changed is null)
            {
                return current;
            }

            if (await TryUpdateAsync(changed with { Version = current.Version }, cancellationToken))
            {
                return changed with { Version = current.Version + 1 };
            }
        }
    }

    private CommandDefinition Command(string script, object parameters, CancellationToken cancellationToken) =>
        new(SqlScripts.Get(Scripts, script, database.Provider), parameters, cancellationToken: cancellationToken);

    private static string? Format(DateTimeOffset? value) => value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(string? value) =>
        value is null ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private sealed record StateRow(
        string SubscriptionId,
        string? EhrSubscription,
        string? Topic,
        string ResourceTypes,
        string? HeartbeatPeriod,
        long? LastEventNumber,
        string? LastNotificationAt,
        string WatermarkAt,
        string Health,
        string? HealthReason,
        string HealthChangedAt,
        string? RecoverSince,
        long? RecoverFromEvent,
        long? RecoverToEvent,
        string? LastRecovery,
        long Version,
        string? EhrStatus)
    {
        public SubscriptionState ToState() => new(
            SubscriptionId,
            EhrSubscription,
            Topic,
            ResourceTypes.Split(',', StringSplitOptions.RemoveEmptyEntries),
            HeartbeatPeriod is null ? null : TimeSpan.ParseExact(HeartbeatPeriod, "c", CultureInfo.InvariantCulture),
            LastEventNumber,
            Parse(LastNotificationAt),
            Parse(WatermarkAt)!.Value,
            Enum.Parse<SubscriptionHealth>(Health),
            HealthReason,
            Parse(HealthChangedAt)!.Value,
            Parse(RecoverSince),
            RecoverFromEvent,
            RecoverToEvent,
            LastRecovery,
            Version,
            EhrStatus);
    }
}
