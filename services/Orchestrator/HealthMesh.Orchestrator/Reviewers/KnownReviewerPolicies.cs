namespace HealthMesh.Orchestrator.Reviewers;

public static class KnownReviewerPolicies
{
    /// <summary>Read the queue, drafts, code search and workflow status: any of the three roles.</summary>
    public const string Read = "healthmesh-review-read";

    /// <summary>Decide on a draft: the reviewer role.</summary>
    public const string Decide = "healthmesh-review-decide";

    /// <summary>Retry a faulted workflow: the operator role.</summary>
    public const string Operate = "healthmesh-operate";
}
