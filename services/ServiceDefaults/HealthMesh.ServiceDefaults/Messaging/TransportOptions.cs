using System.ComponentModel.DataAnnotations;

namespace HealthMesh.ServiceDefaults.Messaging;

/// <summary>Which broker the bus uses. Section <c>HealthMesh:Transport</c>.</summary>
public sealed class TransportOptions
{
    public const string SectionName = "HealthMesh:Transport";

    /// <summary><c>InMemory</c> (default) or <c>RabbitMq</c>.</summary>
    public TransportKind Kind { get; set; } = TransportKind.InMemory;

    /// <summary>RabbitMQ address, e.g. <c>amqp://guest:guest@localhost:5672/</c>. Required when Kind is RabbitMq.</summary>
    public string? RabbitMqUri { get; set; }

    /// <summary>Messages a consumer endpoint takes from the broker ahead of processing (RabbitMQ prefetch).</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 32;
}
