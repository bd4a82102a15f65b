using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using HealthMesh.Orchestrator.Persistence;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>
/// The durable record of every integration message (<c>message_journal</c>, migration 0003). Bodies are encrypted with
/// the document key ring (AES-256-GCM, the journal slot as associated data): a fault's exception text or a rejection
/// reason can quote PHI.
/// </summary>
public sealed class MessageJournal(Database database, DocumentEncryption encryption, TimeProvider clock)
{
    private static readonly Histogram<double> StepDuration = HealthMeshTelemetry.Meter.CreateHistogram<double>(
        "healthmesh.step.duration", "s", "Time a workflow step took, from the message that started it to the one that ended it.");

    /// <summary>How bodies are written: web defaults, enums by name.</summary>
    public static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Records a message once; false when its message id was already journaled (a redelivery).</summary>
    public async Task<bool> RecordAsync(JournalEntry entry, object message, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), BodyJson);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            Script("InsertJournalEntry"),
            new
            {
                MessageId = entry.MessageId.ToString(),
                WorkflowId = entry.WorkflowId.ToString(),
                entry.MessageType,
                entry.Step,
                entry.Outcome,
                entry.SourceSystem,
                entry.ResourceType,
                entry.ExceptionType,
                SentAt = SqlTime.Format(entry.SentAt),
                RecordedAt = SqlTime.Format(entry.RecordedAt),
                ReplayOf = entry.ReplayOf?.ToString(),
                ReplayBatch = entry.ReplayBatch?.ToString(),
                KeyId = encryption.ActiveKeyId,
                Body = encryption.Encrypt(Slot(entry.MessageId), body),
            },
            cancellationToken: cancellationToken));
        return rows == 1;
    }

    public async Task<IReadOnlyList<JournalEntry>> QueryAsync(JournalQuery query, CancellationToken cancellationToken = default)
    {
        var ids = query.WorkflowIds is { Count: > 0 } ? query.WorkflowIds.Select(id => id.ToString()).ToArray() : ["-"];
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            Script("SelectJournalEntries"),
            new
            {
                From = query.From is { } from ? SqlTime.Format(from) : null,
                To = query.To is { } to ? SqlTime.Format(to) : null,
                query.MessageType,
                query.Outcome,
                query.Step,
                AllWorkflows = query.WorkflowIds is not { Count: > 0 },
                WorkflowIds = ids,
                query.SourceSystem,
                query.ResourceType,
                query.Limit,
            },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>
    /// Records how long the step this message ends took: the time since the message before it in the same workflow was
    /// sent (received → de-identified is de-identification, approved → written back is write-back).
    /// </summary>
    public async Task RecordStepLatencyAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var previous = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            Script("SelectPreviousJournalSentAt"),
            new { WorkflowId = entry.WorkflowId.ToString(), SentAt = SqlTime.Format(entry.SentAt), MessageId = entry.MessageId.ToString() },
            cancellationToken: cancellationToken));
        if (previous is not null)
        {
            var seconds = (entry.SentAt - DateTimeOffset.Parse(previous, System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds;
            StepDuration.Record(seconds, new("step", entry.Step), new("outcome", entry.Outcome));
        }
    }

    /// <summary>
    /// For each workflow, its latest journaled message of <paramref name="messageType"/> with the decrypted body, in one
    /// read; workflows without one are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, (JournalEntry Entry, T Body)>> LatestWithBodiesAsync<T>(
        IReadOnlyCollection<Guid> workflowIds, string messageType, CancellationToken cancellationToken = default)
    {
        if (workflowIds.Count == 0)
        {
            return new Dictionary<Guid, (JournalEntry, T)>();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RowWithBody>(new CommandDefinition(
            Script("SelectLatestJournalBodies"),
            new { MessageType = messageType, WorkflowIds = workflowIds.Select(id => id.ToString()).ToArray() },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToDictionary(
            r => r.Entry.WorkflowId,
            r => (r.Entry, Decrypt<T>(r.Entry.MessageId, r.KeyId, r.Body)));
    }

    /// <summary>The decrypted body of a journaled message, as the original message type.</summary>
    public async Task<T> ReadBodyAsync<T>(Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.QuerySingleOrDefaultAsync<StoredBody>(new CommandDefinition(
            Script("SelectJournalBody"), new { MessageId = messageId.ToString() }, cancellationToken: cancellationToken))
            ?? throw new KeyNotFoundException($"Message {messageId} is not in the journal (purged by retention, or never journaled).");
        return Decrypt<T>(messageId, stored.KeyId, stored.Body);
    }

    /// <summary>Deletes entries recorded before now − <paramref name="retention"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            Script("DeleteJournalEntriesBefore"),
            new { Before = SqlTime.Format(clock.GetUtcNow() - retention) },
            cancellationToken: cancellationToken));
    }

    /// <summary>Fault counts since <paramref name="since"/> by step and exception type.</summary>
    public async Task<IReadOnlyList<FaultCount>> CountFaultsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Step, string ExceptionType, long Count, string LastAt)>(new CommandDefinition(
            Script("CountJournalFaults"), new { Since = SqlTime.Format(since) }, cancellationToken: cancellationToken));
        return rows.Select(r => new FaultCount(r.Step, r.ExceptionType, (int)r.Count, DateTimeOffset.Parse(r.LastAt, System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    private static string Slot(Guid messageId) => $"journal:{messageId:N}";

    private T Decrypt<T>(Guid messageId, string keyId, byte[] body) =>
        JsonSerializer.Deserialize<T>(encryption.Decrypt(Slot(messageId), keyId, body), BodyJson)
            ?? throw new InvalidDataException($"Journaled message {messageId} has an empty body.");

    private string Script(string name) => SqlScripts.Get(typeof(MessageJournal).Assembly, name, database.Provider);

    private sealed record StoredBody(string KeyId, byte[] Body);

    private sealed record Row(
        string MessageId, string WorkflowId, string MessageType, string Step, string Outcome, string? SourceSystem,
        string? ResourceType, string? ExceptionType, string SentAt, string RecordedAt, string? ReplayOf, string? ReplayBatch)
    {
        public JournalEntry ToEntry() => new(
            Guid.Parse(MessageId), Guid.Parse(WorkflowId), MessageType, Step, Outcome, SourceSystem, ResourceType, ExceptionType,
            DateTimeOffset.Parse(SentAt, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(RecordedAt, System.Globalization.CultureInfo.InvariantCulture),
            ReplayOf is null ? null : Guid.Parse(ReplayOf),
            ReplayBatch is null ? null : Guid.Parse(ReplayBatch));
    }

    private sealed record RowWithBody(
        string MessageId, string WorkflowId, string MessageType, string Step, string Outcome, string? SourceSystem,
        string? ResourceType, string? ExceptionType, string SentAt, string RecordedAt, string? ReplayOf, string? ReplayBatch,
        string KeyId, byte[] Body)
    {
        public (JournalEntry Entry, string KeyId, byte[] Body) ToEntry() => (
            new Row(MessageId, WorkflowId, MessageType, Step, Outcome, SourceSystem, ResourceType, ExceptionType, SentAt, RecordedAt, ReplayOf, ReplayBatch).ToEntry(),
            KeyId,
            Body);
    }
}
