using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace HealthMesh.ServiceDefaults.Fhir;

/// <summary>Firely SDK JSON settings shared by every service, so all of HealthMesh reads and writes FHIR alike.</summary>
public static class FhirJson
{
    /// <summary>Strict: unknown elements and invalid values are errors (what a receiving system should be).</summary>
    public static readonly JsonSerializerOptions Strict = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static readonly JsonSerializerOptions Pretty = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector).Pretty();

    public static T Parse<T>(string json) where T : Resource =>
        JsonSerializer.Deserialize<T>(json, Strict) ?? throw new DeserializationFailedException(null, []);

    public static Resource Parse(string json) => Parse<Resource>(json);

    public static T Parse<T>(ReadOnlySpan<byte> utf8Json) where T : Resource =>
        JsonSerializer.Deserialize<T>(utf8Json, Strict) ?? throw new DeserializationFailedException(null, []);

    public static string Serialize(Resource resource, bool pretty = false) =>
        JsonSerializer.Serialize(resource, resource.GetType(), pretty ? Pretty : Strict);

    public static byte[] SerializeToUtf8Bytes(Resource resource) =>
        JsonSerializer.SerializeToUtf8Bytes(resource, resource.GetType(), Strict);
}
