using System.Text.Json;

namespace HealthMesh.Deidentification.Audit;

/// <summary>
/// What de-identifying one workflow's context changed: counts by identifier kind and method, never a value. Stored as
/// the workflow's document <c>deid-audit</c> and served at <c>GET /api/deidentification/workflows/{id}/audit</c>.
/// </summary>
/// <param name="Profile">The profile that ran: <c>default</c> or the configured file's name.</param>
public sealed record DeidentificationAuditRecord(Guid WorkflowId, string Profile, int Total, IReadOnlyList<AuditCount> Counts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static DeidentificationAuditRecord FromJson(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<DeidentificationAuditRecord>(utf8Json, Json)
        ?? throw new InvalidDataException("The de-identification audit document is empty.");
}
