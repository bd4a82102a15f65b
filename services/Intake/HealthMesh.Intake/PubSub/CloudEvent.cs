using System.Text;
using System.Text.Json;

namespace HealthMesh.Intake.PubSub;

/// <summary>
/// A CloudEvents 1.0 delivery in structured JSON mode (what Dapr sends): its <c>id</c> and its data as bytes, whether
/// the data came as JSON, as a JSON string or base64 (<c>data_base64</c>).
/// </summary>
public sealed record CloudEvent(string Id, string? DataContentType, byte[] Data)
{
    public const string MediaType = "application/cloudevents+json";

    /// <exception cref="FormatException">Not a structured CloudEvent with an id and data.</exception>
    public static CloudEvent Parse(ReadOnlySpan<byte> body)
    {
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(body);
        }
        catch (JsonException e)
        {
            throw new FormatException("The body is not JSON.", e);
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("specversion", out var version) || version.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
        {
            throw new FormatException("The body is not a CloudEvent: specversion and id are required.");
        }

        var contentType = root.TryGetProperty("datacontenttype", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        byte[] data;
        if (root.TryGetProperty("data_base64", out var base64) && base64.ValueKind == JsonValueKind.String)
        {
            data = base64.GetBytesFromBase64();
        }
        else if (root.TryGetProperty("data", out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            // Brokers that keep the payload as text deliver FHIR JSON as a JSON string.
            data = value.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(value.GetString()!) : Encoding.UTF8.GetBytes(value.GetRawText());
        }
        else
        {
            throw new FormatException("The CloudEvent carries no data.");
        }

        return new CloudEvent(id.GetString()!, contentType, data);
    }
}
