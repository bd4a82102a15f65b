using System.Globalization;
using System.Text.Json;
using Dapper;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Feedback;
using HealthMesh.Orchestrator.Persistence;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>
/// Monitoring's own rows (<c>monitoring_workflows</c>, migration 0007), fed by <see cref="MonitoringConsumer"/>, and the
/// history read back for the calculator: those rows plus the review feedback rows (migration 0003) they are joined to.
/// </summary>
public sealed class MonitoringStore(Database database)
{
    public async Task RecordReceivedAsync(Guid workflowId, NoteKind noteKind, DateTimeOffset receivedAt, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("UpsertMonitoringReceived",
            new { WorkflowId = workflowId.ToString(), NoteKind = noteKind.ToString(), ReceivedAt = SqlTime.Format(receivedAt) }, cancellationToken);

    public async Task RecordGroupAsync(Guid workflowId, PatientGroup group, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("UpsertMonitoringGroup",
            new { WorkflowId = workflowId.ToString(), group.Sex, group.AgeBand, group.Language, group.Race, group.Ethnicity }, cancellationToken);

    /// <summary>The shape of the workflow's first draft; a later revision does not replace it.</summary>
    public async Task RecordDraftAsync(Guid workflowId, DateTimeOffset draftedAt, int sourceWords, IReadOnlyList<string> sections, IReadOnlyList<string> codeChapters, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("UpsertMonitoringDraft", new
        {
            WorkflowId = workflowId.ToString(),
            DraftedAt = SqlTime.Format(draftedAt),
            SourceWords = sourceWords,
            Sections = string.Join(',', sections),
            CodeChapters = string.Join(',', codeChapters),
        }, cancellationToken);

    /// <summary>Decisions taken and work received at or after <paramref name="since"/>.</summary>
    public async Task<MonitoringHistory> ReadHistoryAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new { Since = SqlTime.Format(since) };
        var outcomes = await connection.QueryAsync<OutcomeRow>(new CommandDefinition(Script("SelectMonitoringOutcomes"), parameters, cancellationToken: cancellationToken));
        var work = await connection.QueryAsync<WorkRow>(new CommandDefinition(Script("SelectMonitoringWork"), parameters, cancellationToken: cancellationToken));
        return new MonitoringHistory([.. outcomes.Select(ToOutcome)], [.. work.Select(w => new IncomingWork(
            Guid.Parse(w.WorkflowId), ParseTime(w.ReceivedAt), Enum.Parse<NoteKind>(w.NoteKind), w.SourceWords ?? 0, Split(w.Sections), Split(w.CodeChapters)))]);
    }

    private static ReviewOutcome ToOutcome(OutcomeRow r)
    {
        var diff = r.Diff is null ? null : JsonSerializer.Deserialize<FeedbackDiff>(r.Diff, ReviewFeedbackStore.Json);
        var opened = r.OpenedAt is null ? (DateTimeOffset?)null : ParseTime(r.OpenedAt);
        var decided = ParseTime(r.DecidedAt);
        var group = new PatientGroup(r.Sex, r.AgeBand, r.Language, r.Race, r.Ethnicity);
        return new ReviewOutcome(
            Guid.Parse(r.WorkflowId), r.EngineName, r.EngineVersion, decided, Enum.Parse<ReviewDecision>(r.Decision),
            diff?.SentencesDrafted ?? 0,
            diff?.Sentences.Count(s => s.Before is not null) ?? 0,
            diff?.CodesAccepted.Count ?? 0, diff?.CodesRemoved.Count ?? 0, diff?.CodesAdded.Count ?? 0,
            opened is { } o ? Math.Max(0, (decided - o).TotalSeconds) : null,
            group == new PatientGroup(null, null, null, null, null) ? null : group);
    }

    private static IReadOnlyList<string> Split(string? value) => string.IsNullOrEmpty(value) ? [] : value.Split(',');

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private async Task ExecuteAsync(string script, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Script(script), parameters, cancellationToken: cancellationToken));
    }

    private string Script(string name) => SqlScripts.Get(typeof(MonitoringStore).Assembly, name, database.Provider);

    // Properties, not positional records: Dapper converts INTEGER (long on SQLite, int on PostgreSQL) into a property.
    private sealed class OutcomeRow
    {
        public string WorkflowId { get; set; } = string.Empty;

        public string EngineName { get; set; } = string.Empty;

        public string EngineVersion { get; set; } = string.Empty;

        public string Decision { get; set; } = string.Empty;

        public string? OpenedAt { get; set; }

        public string DecidedAt { get; set; } = string.Empty;

        public string? Diff { get; set; }

        public string? Sex { get; set; }

        public string? AgeBand { get; set; }

        public string? Language { get; set; }

        public string? Race { get; set; }

        public string? Ethnicity { get; set; }
    }

    private sealed class WorkRow
    {
        public string WorkflowId { get; set; } = string.Empty;

        public string NoteKind { get; set; } = string.Empty;

        public string ReceivedAt { get; set; } = string.Empty;

        public int? SourceWords { get; set; }

        public string? Sections { get; set; }

        public string? CodeChapters { get; set; }
    }
}
