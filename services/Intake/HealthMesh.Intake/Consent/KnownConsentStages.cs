namespace HealthMesh.Intake.Consent;

/// <summary>When a consent check runs.</summary>
public static class KnownConsentStages
{
    /// <summary>Before the workflow starts, when Intake accepts the event.</summary>
    public const string Start = "start";

    /// <summary>Right before write-back, asked by the workflow.</summary>
    public const string WriteBack = "write-back";
}
