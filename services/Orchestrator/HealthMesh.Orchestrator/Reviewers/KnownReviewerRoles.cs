namespace HealthMesh.Orchestrator.Reviewers;

/// <summary>The role claim values HealthMesh acts on.</summary>
public static class KnownReviewerRoles
{
    /// <summary>May approve, edit, reject and ask for a new draft.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>May read the queue and drafts.</summary>
    public const string Viewer = "viewer";

    /// <summary>May retry a faulted workflow.</summary>
    public const string Operator = "operator";
}
