using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Intake.PubSub;

/// <summary>
/// Clinical events delivered by a Dapr pub/sub component (for sites whose EHR publishes to a broker of its own).
/// Section <c>HealthMesh:Intake:PubSub</c>.
/// </summary>
public sealed class PubSubOptions : IValidatableObject
{
    public const string SectionName = "HealthMesh:Intake:PubSub";
    public const string DefaultPubSubName = "ehr-events";
    public const string DefaultTopic = "clinical-events";
    private const int MinimumTokenLength = 16;

    /// <summary>Subscribe (through <c>/dapr/subscribe</c>) and accept deliveries. Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>The Dapr pub/sub component's name (default <c>ehr-events</c>, as in infra/k8s/dapr/pubsub.yaml).</summary>
    [Required]
    public string PubSubName { get; set; } = DefaultPubSubName;

    /// <summary>The topic the EHR's events are published to (default <c>clinical-events</c>).</summary>
    [Required]
    public string Topic { get; set; } = DefaultTopic;

    /// <summary>
    /// The Dapr app API token the sidecar sends in <c>dapr-api-token</c> (the secret named by the pod's
    /// <c>dapr.io/app-token-secret</c>). Required when enabled: without it anyone reaching Intake's port could inject events.
    /// </summary>
    public string AppApiToken { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && AppApiToken.Length < MinimumTokenLength)
        {
            yield return new ValidationResult(
                $"{SectionName}:AppApiToken must be at least {MinimumTokenLength} characters when {SectionName}:Enabled is true (the sidecar's app API token).",
                [nameof(AppApiToken)]);
        }
    }
}
