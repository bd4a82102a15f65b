using System.Diagnostics;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults;

namespace HealthMesh.Orchestrator.Review;

/// <summary>
/// A reviewer's decision comes in its own HTTP request (its own trace), hours after the workflow started. Publishing it
/// under a span whose parent is the workflow's trace (<see cref="ClinicalNoteWorkflowState.TraceParent"/>), linked to
/// the request's span, keeps write-back in the workflow's one trace and still leads from the request to it.
/// </summary>
public static class ReviewDecisionTrace
{
    public const string SpanName = "review decision";

    /// <summary>The span to publish the decision in; null when the workflow recorded no trace (or nobody listens).</summary>
    public static Activity? Start(ClinicalNoteWorkflowState workflow)
    {
        if (!ActivityContext.TryParse(workflow.TraceParent, null, out var parent))
        {
            return null;
        }

        var links = Activity.Current is { } request ? new[] { new ActivityLink(request.Context) } : null;
        return HealthMeshTelemetry.ActivitySource.StartActivity(
            SpanName, ActivityKind.Internal, parent, [new("healthmesh.workflow.id", workflow.CorrelationId.ToString())], links);
    }
}
