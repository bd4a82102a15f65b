using System.ComponentModel.DataAnnotations;

namespace HealthMesh.ServiceDefaults.Messaging;

/// <summary>One receive endpoint's limits. Section <c>HealthMesh:Transport:Endpoints:{queue}</c>.</summary>
public sealed class ReceiveEndpointOptions
{
    /// <summary>Messages this endpoint processes at once in one instance. Default: the consumer's own (see the README).</summary>
    [Range(1, 1_000)]
    public int? ConcurrentMessageLimit { get; set; }

    /// <summary>Messages this endpoint takes from the broker ahead of processing. Default: its concurrency limit.</summary>
    [Range(1, 10_000)]
    public int? PrefetchCount { get; set; }
}
