using Dapper;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Persistence;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Orchestrator.Review;

/// <summary>Records one decision per draft revision (<c>clinical_note_reviews</c>, migration 0002).</summary>
public sealed class ClinicalNoteReviewStore(Database database)
{
    /// <summary>Claims the decision for a revision; false when another decision for it was recorded first.</summary>
    public async Task<bool> TryRecordAsync(ClinicalNoteReviewed review, bool edited, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            Script("InsertClinicalNoteReview"),
            new
            {
                WorkflowId = review.WorkflowId.ToString(),
                Revision = review.ReviewedRevision,
                Decision = review.Decision.ToString(),
                Reviewer = review.ReviewerReference,
                review.Reason,
                Edited = edited ? 1 : 0,
                ReviewedAt = SqlTime.Format(review.ReviewedAt),
            },
            cancellationToken: cancellationToken));
        return rows == 1;
    }

    /// <summary>The (workflow, revision) pairs among <paramref name="workflowIds"/> that already have a decision.</summary>
    public async Task<IReadOnlySet<(Guid WorkflowId, int Revision)>> DecidedAsync(IReadOnlyCollection<Guid> workflowIds, CancellationToken cancellationToken = default)
    {
        if (workflowIds.Count == 0)
        {
            return new HashSet<(Guid, int)>();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string WorkflowId, int Revision)>(new CommandDefinition(
            Script("SelectDecidedReviews"),
            new { WorkflowIds = workflowIds.Select(id => id.ToString()).ToArray() },
            cancellationToken: cancellationToken));
        return rows.Select(r => (Guid.Parse(r.WorkflowId), r.Revision)).ToHashSet();
    }

    /// <summary>Releases a claim whose decision could not be handed on, so the reviewer can decide again.</summary>
    public async Task ForgetAsync(Guid workflowId, int revision, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            Script("DeleteClinicalNoteReview"),
            new { WorkflowId = workflowId.ToString(), Revision = revision },
            cancellationToken: cancellationToken));
    }

    private string Script(string name) => SqlScripts.Get(typeof(ClinicalNoteReviewStore).Assembly, name, database.Provider);
}
