using System.Security.Cryptography;
using System.Text.Json;
using HealthMesh.Orchestrator.Persistence;

namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>
/// The chain's hashing, apart from storage. A record's hash is the lowercase hex SHA-256 of its canonical serialization:
/// compact JSON with the fields in a fixed order, times as stored (<see cref="SqlTime"/>), detail keys sorted ordinally,
/// and the previous record's hash inside it, so changing, removing or reordering a record breaks every later link.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first record.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Hash(AuditRecord record) =>
        Convert.ToHexStringLower(SHA256.HashData(Canonical(record)));

    public static byte[] Canonical(AuditRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", record.Sequence);
            json.WriteString("recordedAt", SqlTime.Format(record.RecordedAt));
            json.WriteString("workflowId", record.WorkflowId.ToString("D"));
            json.WriteString("action", record.Action);
            json.WriteString("outcome", record.Outcome);
            json.WriteString("agentType", record.AgentType);
            json.WriteString("agent", record.Agent);
            WriteNullable(json, "agentSubject", record.AgentSubject);
            json.WritePropertyName("detail");
            WriteDetail(json, record.Detail);
            WriteNullable(json, "sourceKey", record.SourceKey);
            json.WriteString("previousHash", record.PreviousHash);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The detail column: the same sorted compact JSON object the hash covers.</summary>
    public static string SerializeDetail(IReadOnlyDictionary<string, string> detail)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteDetail(json, detail);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyDictionary<string, string> DeserializeDetail(string detail) =>
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(detail, JsonSerializerOptions.Default)
        ?? throw new InvalidDataException("An audit record's detail is not a JSON object.");

    private static void WriteDetail(Utf8JsonWriter json, IReadOnlyDictionary<string, string> detail)
    {
        json.WriteStartObject();
        foreach (var (key, value) in detail.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
