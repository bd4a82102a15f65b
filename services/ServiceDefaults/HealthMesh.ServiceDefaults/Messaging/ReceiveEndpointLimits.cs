using MassTransit;

namespace HealthMesh.ServiceDefaults.Messaging;

/// <summary>
/// How many messages a workflow endpoint processes at once and takes ahead from the broker. RabbitMQ hands a queue's
/// messages to its consumers round-robin up to each one's prefetch; what one instance prefetched waits for it even
/// when a second instance is idle. Prefetch equal to the concurrency limit keeps no message waiting behind a busy
/// instance, so a second instance gets its share as soon as it subscribes.
/// </summary>
public sealed record ReceiveEndpointLimits(int ConcurrentMessageLimit, int PrefetchCount)
{
    /// <summary>Per-queue setting, else <see cref="TransportOptions.PrefetchCount"/>, else the consumer's default.</summary>
    public static ReceiveEndpointLimits For(TransportOptions transport, string queue, int defaultConcurrentMessageLimit)
    {
        var endpoint = transport.Endpoints.GetValueOrDefault(queue);
        var concurrency = endpoint?.ConcurrentMessageLimit ?? defaultConcurrentMessageLimit;
        return new ReceiveEndpointLimits(concurrency, endpoint?.PrefetchCount ?? transport.PrefetchCount ?? concurrency);
    }

    public void ApplyTo(IEndpointRegistrationConfigurator endpoint)
    {
        endpoint.ConcurrentMessageLimit = ConcurrentMessageLimit;
        endpoint.PrefetchCount = PrefetchCount;
    }
}
