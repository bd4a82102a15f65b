namespace HealthMesh.Orchestrator.Review;

/// <summary>A review request that cannot be carried out; <see cref="Exception.Message"/> says why, without PHI.</summary>
public sealed class ReviewException(ReviewFailure failure, string message) : Exception(message)
{
    public ReviewFailure Failure { get; } = failure;
}
