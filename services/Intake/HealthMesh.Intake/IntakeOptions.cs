using System.ComponentModel.DataAnnotations;
using HealthMesh.Intake.Triggers;

namespace HealthMesh.Intake;

/// <summary>How Intake accepts notifications. Section <c>HealthMesh:Intake</c>.</summary>
public sealed class IntakeOptions
{
    public const string SectionName = "HealthMesh:Intake";

    /// <summary>
    /// Subscriptions this Intake accepts, keyed by the id in <c>POST /notifications/{id}</c>. An id not listed here is
    /// answered 404. Empty by default: no EHR may deliver until one is configured.
    /// </summary>
    public Dictionary<string, IntakeSubscriptionOptions> Subscriptions { get; set; } = [];

    /// <summary>Largest notification body accepted, in bytes (default 4 MiB); larger bodies get 413.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public long MaxNotificationBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Seconds the EHR is asked to wait (<c>Retry-After</c>) when the broker or the EHR itself is unavailable (default 30).</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>
    /// How long a delivery holds its event (and the resource version it carries) while it builds the context and
    /// publishes (default 2 minutes). A delivery that fails releases it at once; one whose process died is taken over by
    /// a redelivery after this long. Keep it above the longest expected context build.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a delivery waits for an identical one already in flight before answering 503 (default 10 seconds).
    /// The usual case is an EHR retrying while the first attempt is still publishing: the second gets its 200 once the
    /// first has published.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ConcurrentDeliveryWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Which events start a workflow, first match wins (section <c>HealthMesh:Intake:Triggers</c>, a list). Empty
    /// (default): <see cref="TriggerOptions.Defaults"/>, finished Encounters and final radiology/imaging
    /// DiagnosticReports. Events matching no rule are acknowledged and journaled as ignored, with the reason.
    /// </summary>
    public List<TriggerOptions> Triggers { get; set; } = [];

    public IReadOnlyList<TriggerOptions> EffectiveTriggers => Triggers.Count > 0 ? Triggers : TriggerOptions.Defaults;

    /// <summary>Most search result pages read per related-resource search when building the context (default 20).</summary>
    [Range(1, 1000)]
    public int MaxSearchPages { get; set; } = 20;
}
