namespace HealthMesh.Intake.Journal;

/// <summary>What an attempt to claim a workflow (one resource version) for publishing found.</summary>
public enum WorkflowClaim
{
    /// <summary>This delivery holds the claim and publishes.</summary>
    Claimed,

    /// <summary>Another delivery published it already.</summary>
    Published,

    /// <summary>Another delivery holds an unexpired claim and is publishing it now.</summary>
    Held,
}
