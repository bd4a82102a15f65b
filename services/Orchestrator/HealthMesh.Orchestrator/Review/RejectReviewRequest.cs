namespace HealthMesh.Orchestrator.Review;

public sealed record RejectReviewRequest(string Reason, int ExpectedRevision);
