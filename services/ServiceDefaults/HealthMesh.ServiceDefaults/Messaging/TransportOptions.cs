using System.ComponentModel.DataAnnotations;

namespace HealthMesh.ServiceDefaults.Messaging;

/// <summary>Which broker the bus uses, and how much each receive endpoint takes. Section <c>HealthMesh:Transport</c>.</summary>
public sealed class TransportOptions
{
    public const string SectionName = "HealthMesh:Transport";

    /// <summary><c>InMemory</c> (default) or <c>RabbitMq</c>.</summary>
    public TransportKind Kind { get; set; } = TransportKind.InMemory;

    /// <summary>RabbitMQ address, e.g. <c>amqp://guest:guest@localhost:5672/</c>. Required when Kind is RabbitMq.</summary>
    public string? RabbitMqUri { get; set; }

    /// <summary>
    /// Messages every receive endpoint takes from the broker ahead of processing (RabbitMQ prefetch). Default: unset,
    /// so each workflow endpoint prefetches as many as it processes at once (its concurrency limit) and other endpoints
    /// keep MassTransit's default. Messages prefetched by one instance wait for it even when another instance is idle:
    /// with several instances of a consumer, keep this close to the concurrency limit.
    /// </summary>
    [Range(1, 10_000)]
    public int? PrefetchCount { get; set; }

    /// <summary>
    /// Per-queue settings, keyed by queue name (<c>deidentify-clinical-context</c>, <c>draft-clinical-note</c>,
    /// <c>write-back-clinical-note</c>, <c>clinical-note-workflow</c>); they win over <see cref="PrefetchCount"/>.
    /// </summary>
    public Dictionary<string, ReceiveEndpointOptions> Endpoints { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
