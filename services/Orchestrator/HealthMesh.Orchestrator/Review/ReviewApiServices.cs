namespace HealthMesh.Orchestrator.Review;

/// <summary>What the review endpoints need, bound with <c>[AsParameters]</c>.</summary>
public sealed record ReviewApiServices(ReviewService Reviews, CancellationToken CancellationToken);
