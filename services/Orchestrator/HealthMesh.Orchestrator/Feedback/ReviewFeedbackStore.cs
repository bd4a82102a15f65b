using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Persistence;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Orchestrator.Feedback;

/// <summary>Feedback rows and draft openings (<c>clinical_note_feedback</c>, <c>clinical_note_review_openings</c>, migration 0003).</summary>
public sealed class ReviewFeedbackStore(Database database)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Notes the first time a reviewer opened a draft revision; later openings keep the first time.</summary>
    public async Task RecordOpenedAsync(Guid workflowId, int revision, DateTimeOffset openedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Script("InsertReviewOpening"),
            new { WorkflowId = workflowId.ToString(), Revision = revision, OpenedAt = SqlTime.Format(openedAt) }, cancellationToken: cancellationToken));
    }

    public async Task<DateTimeOffset?> OpenedAtAsync(Guid workflowId, int revision, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var opened = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(Script("SelectReviewOpening"),
            new { WorkflowId = workflowId.ToString(), Revision = revision }, cancellationToken: cancellationToken));
        return opened is null ? null : ParseTime(opened);
    }

    public async Task RecordAsync(ReviewFeedback feedback, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Script("InsertReviewFeedback"), new
        {
            WorkflowId = feedback.WorkflowId.ToString(),
            feedback.Revision,
            FeedbackId = feedback.FeedbackId.ToString(),
            Decision = feedback.Decision.ToString(),
            NoteKind = feedback.NoteKind.ToString(),
            feedback.EngineName,
            feedback.EngineVersion,
            OpenedAt = feedback.OpenedAt is { } opened ? SqlTime.Format(opened) : null,
            DecidedAt = SqlTime.Format(feedback.DecidedAt),
            Draft = JsonSerializer.Serialize(feedback.Draft, Json),
            Final = feedback.Final is null ? null : JsonSerializer.Serialize(feedback.Final, Json),
            Diff = feedback.Diff is null ? null : JsonSerializer.Serialize(feedback.Diff, Json),
            feedback.Reason,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Drops the feedback of a decision that could not be handed on (its review claim is released too).</summary>
    public async Task ForgetAsync(Guid workflowId, int revision, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Script("DeleteReviewFeedback"),
            new { WorkflowId = workflowId.ToString(), Revision = revision }, cancellationToken: cancellationToken));
    }

    /// <summary>Decisions taken at or after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ReviewFeedback>> ReadAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Script("SelectReviewFeedback"),
            new { Since = SqlTime.Format(since) }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new ReviewFeedback(
            Guid.Parse(r.FeedbackId), Guid.Parse(r.WorkflowId), r.Revision, Enum.Parse<NoteKind>(r.NoteKind), Enum.Parse<ReviewDecision>(r.Decision),
            r.EngineName, r.EngineVersion, r.OpenedAt is null ? null : ParseTime(r.OpenedAt), ParseTime(r.DecidedAt),
            JsonSerializer.Deserialize<StructuredNote>(r.Draft, Json)!,
            r.Final is null ? null : JsonSerializer.Deserialize<StructuredNote>(r.Final, Json),
            r.Diff is null ? null : JsonSerializer.Deserialize<FeedbackDiff>(r.Diff, Json),
            r.Reason))];
    }

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private string Script(string name) => SqlScripts.Get(typeof(ReviewFeedbackStore).Assembly, name, database.Provider);

    // Properties, not a positional record: Dapper converts INTEGER (long on SQLite, int on PostgreSQL) into a property.
    private sealed class Row
    {
        public string WorkflowId { get; set; } = string.Empty;

        public int Revision { get; set; }

        public string FeedbackId { get; set; } = string.Empty;

        public string Decision { get; set; } = string.Empty;

        public string NoteKind { get; set; } = string.Empty;

        public string EngineName { get; set; } = string.Empty;

        public string EngineVersion { get; set; } = string.Empty;

        public string? OpenedAt { get; set; }

        public string DecidedAt { get; set; } = string.Empty;

        public string Draft { get; set; } = string.Empty;

        public string? Final { get; set; }

        public string? Diff { get; set; }

        public string? Reason { get; set; }
    }
}
