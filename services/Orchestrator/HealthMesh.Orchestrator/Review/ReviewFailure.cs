namespace HealthMesh.Orchestrator.Review;

public enum ReviewFailure
{
    /// <summary>No workflow with that id.</summary>
    NotFound,

    /// <summary>The workflow is not awaiting review of that revision (stale, already decided, or another state).</summary>
    Conflict,

    /// <summary>The signed-in person may not decide (no FHIR Practitioner mapped).</summary>
    Forbidden,

    /// <summary>The request itself is malformed (reviewer, reason, edited note).</summary>
    Invalid,
}
