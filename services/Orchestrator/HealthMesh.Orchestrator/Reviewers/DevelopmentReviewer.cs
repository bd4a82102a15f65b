namespace HealthMesh.Orchestrator.Reviewers;

/// <summary>A person the development login offers: no password, only for the embedded shape.</summary>
public sealed class DevelopmentReviewer
{
    /// <summary>Login id, used as the subject (<c>sub</c>) of the session.</summary>
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>FHIR reference of the person in the EHR, <c>Practitioner/&lt;id&gt;</c>; may be empty for a viewer.</summary>
    public string? Practitioner { get; set; }

    /// <summary>Roles (<see cref="KnownReviewerRoles"/>).</summary>
    public List<string> Roles { get; set; } = [];
}
