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
}
