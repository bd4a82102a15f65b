using System.Text.Json.Serialization;

namespace HealthMesh.Intake.PubSub;

/// <summary>The body Dapr reads from a subscriber's answer: SUCCESS (done), RETRY (redeliver later) or DROP (never).</summary>
public sealed record PubSubStatus([property: JsonPropertyName("status")] string Status)
{
    public static readonly PubSubStatus Success = new("SUCCESS");
    public static readonly PubSubStatus Retry = new("RETRY");
    public static readonly PubSubStatus Drop = new("DROP");
}
