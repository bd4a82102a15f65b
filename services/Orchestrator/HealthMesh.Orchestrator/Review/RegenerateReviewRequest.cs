namespace HealthMesh.Orchestrator.Review;

public sealed record RegenerateReviewRequest(string Reviewer, int ExpectedRevision);
