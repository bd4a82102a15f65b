namespace HealthMesh.Intake;

public enum IntakeOutcomeKind
{
    /// <summary>A new workflow was started: context stored and <c>ClinicalEventReceived</c> published.</summary>
    Accepted,

    /// <summary>The event (same subscription + event number, or same resource version) was already handled; nothing published.</summary>
    Duplicate,

    /// <summary>The resource is not a note trigger (e.g. an Encounter still in progress); recorded with the reason.</summary>
    Ignored,
}
