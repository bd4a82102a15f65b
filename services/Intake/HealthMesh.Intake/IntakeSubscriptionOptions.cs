namespace HealthMesh.Intake;

/// <summary>One EHR subscription allowed to deliver to <c>/notifications/{id}</c>. Section <c>HealthMesh:Intake:Subscriptions:{id}</c>.</summary>
public sealed class IntakeSubscriptionOptions
{
    public const string DefaultHeader = "Authorization";

    /// <summary>The shared secret the EHR sends with every delivery (the subscription's channel header). Required.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>
    /// Header carrying the secret. With the default <c>Authorization</c> the expected value is <c>Bearer &lt;secret&gt;</c>;
    /// with any other header the value is the secret itself.
    /// </summary>
    public string Header { get; set; } = DefaultHeader;

    /// <summary>
    /// The heartbeat period the EHR subscription was created with (Backport <c>heartbeatPeriod</c>). When set, a
    /// subscription silent for longer than <see cref="Subscriptions.RecoveryOptions.HeartbeatGraceFactor"/> periods is
    /// recovered. Unset (default): no heartbeat is expected.
    /// </summary>
    public TimeSpan? HeartbeatPeriod { get; set; }

    /// <summary>
    /// Resource types the subscription's topic triggers on, searched by <c>_lastUpdated</c> when the EHR has no
    /// <c>$events</c>. Unset (default): Encounter and DiagnosticReport, everything that can start a note.
    /// </summary>
    public string[]? ResourceTypes { get; set; }

    public IReadOnlyList<string> EffectiveResourceTypes => ResourceTypes is { Length: > 0 } types
        ? types
        : [KnownResourceTypes.Encounter, KnownResourceTypes.DiagnosticReport];
}
