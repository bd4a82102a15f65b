namespace HealthMesh.Orchestrator.Review;

public sealed record RegenerateReviewRequest(int ExpectedRevision);
