namespace HealthMesh.Intake.Subscriptions;

/// <summary>Stored as text in <c>intake_subscription_state.health</c>.</summary>
public enum SubscriptionHealth
{
    /// <summary>Every event the EHR reported is accounted for and heartbeats arrive on time.</summary>
    Active,

    /// <summary>A gap in event numbers or an overdue heartbeat was seen; recovery of the missed window is under way.</summary>
    Recovering,

    /// <summary>The last recovery failed (reason says why); the monitor keeps retrying it.</summary>
    Error,
}
