namespace HealthMesh.Orchestrator.Review;

public sealed record RejectReviewRequest(string Reviewer, string Reason, int ExpectedRevision);
