using System.Text.Json;
using System.Text.RegularExpressions;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Feedback;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.Summarization.Coding;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Orchestrator.Review;

/// <summary>
/// What a reviewer can do with a draft: the HTTP API, the HTML page and the all-in-one <c>process --approve-as</c>
/// all go through here. A decision is accepted only for the revision awaiting review, and only once per revision.
/// </summary>
public sealed partial class ReviewService(
    IClinicalNoteWorkflowQueries workflows,
    ClinicalNoteReviewStore reviews,
    ReviewFeedbackStore feedback,
    IClinicalDocumentStore documents,
    Icd10CodeSearch codeTable,
    IPublishEndpoint publishEndpoint,
    TimeProvider clock,
    ILogger<ReviewService> logger)
{
    public const int MaxQueueLength = 500;

    private const string AwaitingReview = "AwaitingReview";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<ReviewQueueEntry>> GetQueueAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var queue = await workflows.GetReviewQueueAsync(Math.Clamp(limit, 1, MaxQueueLength), cancellationToken);
        // A draft decided a moment ago is still AwaitingReview until the saga takes the decision; it is no longer
        // anyone's to review, so the queue leaves it out rather than offer a decision that would be refused.
        var decided = await reviews.DecidedAsync([.. queue.Select(w => w.CorrelationId)], cancellationToken);
        return queue
            .Where(w => !decided.Contains((w.CorrelationId, w.DraftRevision)))
            .Select(w => new ReviewQueueEntry(w.CorrelationId, w.NoteKind, w.ResourceType, w.ResourceId, w.ResourceVersion,
                w.DraftRevision, w.Priority, w.CreatedAt, w.ReviewDueAt, w.ReviewDueAt <= now, w.Escalated))
            .ToList();
    }

    /// <param name="openedByReviewer">A reviewer opens the draft: the first such opening starts the time spent on it (feedback data).</param>
    /// <exception cref="ReviewException">No such workflow.</exception>
    public async Task<ReviewDetails> GetAsync(Guid workflowId, bool openedByReviewer = false, CancellationToken cancellationToken = default)
    {
        var workflow = await FindAsync(workflowId, cancellationToken);
        var draft = workflow.DraftReference is null
            ? null
            : await documents.GetJsonAsync<StructuredNote>(workflow.DraftReference, cancellationToken);
        if (openedByReviewer && draft is not null && workflow.CurrentState == AwaitingReview)
        {
            await feedback.RecordOpenedAsync(workflowId, workflow.DraftRevision, clock.GetUtcNow(), cancellationToken);
        }

        return new ReviewDetails(workflow.CorrelationId, workflow.CurrentState, workflow.NoteKind, workflow.ResourceType,
            workflow.ResourceId, workflow.ResourceVersion, workflow.DraftRevision, workflow.Priority, workflow.ReviewDueAt,
            workflow.ReviewDueAt <= clock.GetUtcNow(), workflow.ReviewDecision, workflow.ReviewerReference,
            workflow.RejectionReason, workflow.FaultStep, workflow.FaultReason, draft, workflow.Escalated);
    }

    /// <summary>Stores the final note as <c>final-r{revision}</c> and publishes the approval.</summary>
    /// <exception cref="ReviewException">Not found, not awaiting review of that revision, or a malformed request.</exception>
    /// <param name="reviewer">The signed-in reviewer's Practitioner reference, <c>Practitioner/&lt;id&gt;</c>.</param>
    public async Task<ClinicalNoteReviewed> ApproveAsync(Guid workflowId, string reviewer, ApproveReviewRequest request, CancellationToken cancellationToken = default)
    {
        RequireReviewer(reviewer);
        var workflow = await FindAwaitingAsync(workflowId, request.ExpectedRevision, cancellationToken);
        var draft = await documents.GetJsonAsync<StructuredNote>(workflow.DraftReference!, cancellationToken);
        var final = request.EditedNote ?? draft;
        Validate(final, workflow);
        ValidateAddedCodes(final, draft);

        var edited = !JsonSerializer.Serialize(final, Json).Equals(JsonSerializer.Serialize(draft, Json), StringComparison.Ordinal);
        var decision = edited ? ReviewDecision.ApprovedWithEdits : ReviewDecision.Approved;

        // The claim comes first: of two racing approvals only one may write final-r{revision}.
        return await DecideAsync(workflow, decision, reviewer, null, edited, draft, final,
            async () => await documents.PutJsonAsync(workflowId, $"final-r{workflow.DraftRevision}", final, DocumentSensitivity.Deidentified, cancellationToken),
            cancellationToken);
    }

    /// <exception cref="ReviewException">Not found, not awaiting review of that revision, or no reason given.</exception>
    public async Task<ClinicalNoteReviewed> RejectAsync(Guid workflowId, string reviewer, RejectReviewRequest request, CancellationToken cancellationToken = default)
    {
        RequireReviewer(reviewer);
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new ReviewException(ReviewFailure.Invalid, "A rejection needs a reason.");
        }

        var workflow = await FindAwaitingAsync(workflowId, request.ExpectedRevision, cancellationToken);
        var draft = await documents.GetJsonAsync<StructuredNote>(workflow.DraftReference!, cancellationToken);
        return await DecideAsync(workflow, ReviewDecision.Rejected, reviewer, request.Reason.Trim(), edited: false, draft, null, NoFinalNote, cancellationToken);
    }

    /// <exception cref="ReviewException">Not found or not awaiting review of that revision.</exception>
    public async Task<ClinicalNoteReviewed> RegenerateAsync(Guid workflowId, string reviewer, RegenerateReviewRequest request, CancellationToken cancellationToken = default)
    {
        RequireReviewer(reviewer);
        var workflow = await FindAwaitingAsync(workflowId, request.ExpectedRevision, cancellationToken);
        var draft = await documents.GetJsonAsync<StructuredNote>(workflow.DraftReference!, cancellationToken);
        return await DecideAsync(workflow, ReviewDecision.RegenerationRequested, reviewer, null, edited: false, draft, null, NoFinalNote, cancellationToken);
    }

    private static Task<string?> NoFinalNote() => Task.FromResult<string?>(null);

    private async Task<ClinicalNoteReviewed> DecideAsync(
        ClinicalNoteWorkflowState workflow,
        ReviewDecision decision,
        string reviewer,
        string? reason,
        bool edited,
        StructuredNote draft,
        StructuredNote? final,
        Func<Task<string?>> storeFinalNote,
        CancellationToken cancellationToken)
    {
        var review = new ClinicalNoteReviewed(workflow.CorrelationId, decision, reviewer, null, reason, workflow.DraftRevision, clock.GetUtcNow());
        if (!await reviews.TryRecordAsync(review, edited, cancellationToken))
        {
            throw new ReviewException(ReviewFailure.Conflict,
                $"Revision {review.ReviewedRevision} of workflow {review.WorkflowId} has already been decided.");
        }

        try
        {
            review = review with { FinalNoteReference = await storeFinalNote() };
            await feedback.RecordAsync(new ReviewFeedback(
                Guid.NewGuid(), workflow.CorrelationId, workflow.DraftRevision, workflow.NoteKind, decision,
                workflow.EngineName ?? draft.Engine.Name, workflow.EngineVersion ?? draft.Engine.Version,
                await feedback.OpenedAtAsync(workflow.CorrelationId, workflow.DraftRevision, cancellationToken), review.ReviewedAt,
                draft, final, final is null ? null : FeedbackDiffer.Compare(draft, final), reason), cancellationToken);
            using (ReviewDecisionTrace.Start(workflow))
            {
                await publishEndpoint.Publish(review, cancellationToken);
            }
        }
        catch
        {
            // Nothing was handed on: release the claim (and its feedback) so the reviewer can decide again.
            await feedback.ForgetAsync(review.WorkflowId, review.ReviewedRevision, CancellationToken.None);
            await reviews.ForgetAsync(review.WorkflowId, review.ReviewedRevision, CancellationToken.None);
            throw;
        }

        LogDecision(review.WorkflowId, review.ReviewedRevision, review.Decision);
        return review;
    }

    private async Task<ClinicalNoteWorkflowState> FindAsync(Guid workflowId, CancellationToken cancellationToken) =>
        await workflows.GetAsync(workflowId, cancellationToken)
        ?? throw new ReviewException(ReviewFailure.NotFound, $"No note workflow {workflowId}.");

    private async Task<ClinicalNoteWorkflowState> FindAwaitingAsync(Guid workflowId, int expectedRevision, CancellationToken cancellationToken)
    {
        var workflow = await FindAsync(workflowId, cancellationToken);
        if (workflow.CurrentState != AwaitingReview)
        {
            throw new ReviewException(ReviewFailure.Conflict,
                $"Workflow {workflowId} is {workflow.CurrentState}, not awaiting review.");
        }

        if (workflow.DraftRevision != expectedRevision)
        {
            throw new ReviewException(ReviewFailure.Conflict,
                $"Workflow {workflowId} awaits review of revision {workflow.DraftRevision}, not {expectedRevision}; reload the draft.");
        }

        return workflow;
    }

    private static void RequireReviewer(string? reviewer)
    {
        if (reviewer is null || !ReviewerPattern().IsMatch(reviewer))
        {
            throw new ReviewException(ReviewFailure.Invalid, "The reviewer must be a FHIR reference 'Practitioner/<id>'.");
        }
    }

    private static void Validate(StructuredNote note, ClinicalNoteWorkflowState workflow)
    {
        if (note.WorkflowId != workflow.CorrelationId || note.Revision != workflow.DraftRevision)
        {
            throw new ReviewException(ReviewFailure.Invalid,
                $"The edited note must keep workflowId {workflow.CorrelationId} and revision {workflow.DraftRevision}.");
        }

        if (note.Kind != workflow.NoteKind || note.Sections is not { Count: > 0 } || note.Sections.Any(s => s.Sentences is null)
            || note.Codes is null || note.Flags is null || note.Sources is null || note.Engine is null || string.IsNullOrWhiteSpace(note.Title))
        {
            throw new ReviewException(ReviewFailure.Invalid,
                "The edited note must keep the draft's kind, a title, at least one section and its codes, flags, sources and engine.");
        }
    }

    /// <summary>A code the reviewer added must be an ICD-10-CM code of the loaded table; the draft's own codes pass as drafted.</summary>
    private void ValidateAddedCodes(StructuredNote final, StructuredNote draft)
    {
        foreach (var code in final.Codes.Where(c => !draft.Codes.Any(d => d.System == c.System && d.Code == c.Code)))
        {
            if (code.System != Icd10CodeTable.System || !codeTable.TryGet(code.Code, out var known) || known.Code != code.Code)
            {
                throw new ReviewException(ReviewFailure.Invalid,
                    $"Added code '{code.Code}' is not an ICD-10-CM code of the loaded table (system {Icd10CodeTable.System}, written with its dot).");
            }
        }
    }

    // A FHIR id: 1-64 of letters, digits, '-' and '.'.
    [GeneratedRegex(@"^Practitioner/[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex ReviewerPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} revision {Revision} reviewed: {Decision}")]
    private partial void LogDecision(Guid workflowId, int revision, ReviewDecision decision);
}
