using HealthMesh.Orchestrator.Reviewers;
using Microsoft.AspNetCore.Http;

namespace HealthMesh.Orchestrator.Review;

/// <summary>What the review endpoints need, bound with <c>[AsParameters]</c>.</summary>
public sealed record ReviewApiServices(ReviewService Reviews, ReviewerIdentity Identity, HttpContext Http, CancellationToken CancellationToken);
