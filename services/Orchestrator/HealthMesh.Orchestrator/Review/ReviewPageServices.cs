using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using MassTransit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.Review;

/// <summary>What the review page's handlers need, bound with <c>[AsParameters]</c>.</summary>
/// <param name="Json">The HTTP JSON options, so the page's embedded draft and the edited note it posts back read and
/// write exactly as the review API does (enums by name).</param>
public sealed record ReviewPageServices(
    ReviewService Reviews,
    ReviewerIdentity Identity,
    IClinicalNoteWorkflowQueries Queries,
    IPublishEndpoint Publisher,
    IAntiforgery Antiforgery,
    TimeProvider Clock,
    IOptions<JsonOptions> Json,
    CancellationToken CancellationToken);
