namespace HealthMesh.Intake.Notifications;

public enum NotificationKind
{
    /// <summary>Classic R4 rest-hook with an empty body: the EHR checks the endpoint is there.</summary>
    Ping,

    Handshake,

    Heartbeat,

    /// <summary>The answer of <c>Subscription/{id}/$status</c> posted to the endpoint: updates the tracked state, carries no event.</summary>
    QueryStatus,

    /// <summary>
    /// Carries events (classic form: exactly one, without an event number): a Backport <c>event-notification</c>, or a
    /// <c>query-event</c> (the answer of <c>$events</c>) posted to the endpoint.
    /// </summary>
    Event,
}
