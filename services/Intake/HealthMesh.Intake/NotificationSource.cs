namespace HealthMesh.Intake;

/// <summary>Who delivered an event: a configured subscription and its event number (null in the classic R4 form).</summary>
public sealed record NotificationSource(string SubscriptionId, string? EventNumber)
{
    /// <summary>Events handed in-process (the <c>healthmesh process</c> command) rather than by an EHR subscription.</summary>
    public static readonly NotificationSource Direct = new("(direct)", null);
}
