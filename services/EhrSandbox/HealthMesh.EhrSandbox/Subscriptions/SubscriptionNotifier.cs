using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using HealthMesh.EhrSandbox.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.EhrSandbox.Subscriptions;

/// <summary>
/// Drains the notification outbox: POSTs each due notification to its subscription's endpoint (any URL) with the
/// subscription's headers; a non-2xx answer or a network error is retried with exponential backoff (1 s doubling,
/// capped at 5 minutes) until <see cref="EhrSandboxOptions.MaxDeliveryAttempts"/>, then parked as failed.
/// The background worker calls it on a timer; tests may call <see cref="DeliverDueAsync"/> directly.
/// </summary>
public sealed class SubscriptionNotifier(
    SandboxDatabase database,
    IHttpClientFactory httpClientFactory,
    IOptions<EhrSandboxOptions> options,
    TimeProvider clock,
    ILogger<SubscriptionNotifier> logger)
{
    public const string HttpClientName = "ehr-sandbox-notifications";
    private const int BatchSize = 50;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Delivers every notification that is due now; returns how many were delivered successfully.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        List<SubscriptionDeliveryRow> due;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            due = [.. await connection.QueryAsync<SubscriptionDeliveryRow>(
                SandboxSql.Get("SelectDueSubscriptionDeliveries"), new { Now = NowMs(), Limit = BatchSize })];
        }

        // Subscriptions are served side by side so that one slow or dead endpoint does not hold up the others.
        var delivered = await Task.WhenAll(due.GroupBy(d => d.SubscriptionId).Select(g => DeliverInOrderAsync([.. g], cancellationToken)));
        return delivered.Sum();
    }

    /// <summary>
    /// One subscription's due notifications in the order they were queued; after a failure the rest wait for the next
    /// round rather than hammer an endpoint that is down.
    /// </summary>
    private async Task<int> DeliverInOrderAsync(List<SubscriptionDeliveryRow> deliveries, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var delivery in deliveries)
        {
            var error = await TryDeliverAsync(delivery, cancellationToken);
            await database.WriteAsync(
                (connection, transaction) => error is null
                    ? connection.ExecuteAsync(SandboxSql.Get("MarkSubscriptionDeliveryDelivered"), new { delivery.DeliveryId, Now = NowMs() }, transaction)
                    : connection.ExecuteAsync(
                        SandboxSql.Get("MarkSubscriptionDeliveryAttemptFailed"),
                        new
                        {
                            delivery.DeliveryId,
                            Error = error,
                            Now = NowMs(),
                            NextAttemptAt = NowMs() + (long)Backoff(delivery.Attempts + 1).TotalMilliseconds,
                            options.Value.MaxDeliveryAttempts,
                        },
                        transaction),
                cancellationToken);
            if (error is not null)
            {
                break;
            }

            delivered++;
        }

        return delivered;
    }

    private async Task<string?> TryDeliverAsync(SubscriptionDeliveryRow delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Endpoint);
        request.Content = new StringContent(delivery.Body ?? string.Empty, Encoding.UTF8);
        request.Content.Headers.ContentType = delivery.ContentType is null ? null : new MediaTypeHeaderValue(delivery.ContentType) { CharSet = "utf-8" };
        foreach (var header in JsonSerializer.Deserialize<string[]>(delivery.Headers) ?? [])
        {
            var separator = header.IndexOf(':');
            request.Headers.TryAddWithoutValidation(header[..separator].Trim(), header[(separator + 1)..].Trim());
        }

        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Delivered notification {DeliveryId} for Subscription/{SubscriptionId}", delivery.DeliveryId, delivery.SubscriptionId);
                return null;
            }

            logger.LogWarning("Notification {DeliveryId} for Subscription/{SubscriptionId} answered {StatusCode}", delivery.DeliveryId, delivery.SubscriptionId, (int)response.StatusCode);
            return $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Notification {DeliveryId} for Subscription/{SubscriptionId} failed: {Error}", delivery.DeliveryId, delivery.SubscriptionId, e.Message);
            return e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Notification {DeliveryId} for Subscription/{SubscriptionId} timed out", delivery.DeliveryId, delivery.SubscriptionId);
            return "timeout";
        }
    }

    private static TimeSpan Backoff(long attempts) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts - 1), MaxBackoff.TotalSeconds));

    private long NowMs() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
