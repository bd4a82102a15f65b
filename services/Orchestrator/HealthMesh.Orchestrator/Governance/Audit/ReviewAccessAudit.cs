using System.Security.Claims;
using HealthMesh.Orchestrator.Reviewers;

namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>
/// Records that a signed-in person opened a workflow's draft (review API or page): the Practitioner they map to, or
/// their pseudonymous subject when none is mapped (a viewer), with the subject and the role they held.
/// </summary>
public sealed class ReviewAccessAudit(AuditTrail trail, ReviewerIdentity identity)
{
    public Task ViewedAsync(Guid workflowId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var subject = ReviewerIdentity.SubjectOf(user);
        var role = new[] { KnownReviewerRoles.Reviewer, KnownReviewerRoles.Operator, KnownReviewerRoles.Viewer }.FirstOrDefault(user.IsInRole) ?? "none";
        return trail.AppendAsync(
            new AuditEntry(workflowId, KnownAuditActions.Viewed, KnownAuditOutcomes.Success, KnownAuditAgentTypes.Person,
                identity.PractitionerOf(user) ?? subject, subject, new Dictionary<string, string> { [KnownAuditDetails.Role] = role }),
            cancellationToken);
    }
}
