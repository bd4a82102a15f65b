namespace HealthMesh.Intake.Notifications;

public enum NotificationKind
{
    /// <summary>Classic R4 rest-hook with an empty body: the EHR checks the endpoint is there.</summary>
    Ping,

    Handshake,

    Heartbeat,

    /// <summary>Carries one or more events (classic form: exactly one, without an event number).</summary>
    Event,
}
