using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

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

    /// <summary>
    /// Where parsing failed, by error code and element path only. Firely's messages quote the offending values, which
    /// may be PHI, so nothing that reaches a console or a log uses them.
    /// </summary>
    public static string DescribeWithoutValues(DeserializationFailedException exception)
    {
        var issues = exception.Exceptions
            .Take(3)
            .Select(e => e is ExtendedCodedException coded
                ? $"{coded.ErrorCode} at {coded.InstancePath ?? "?"} (line {coded.LineNumber}, position {coded.Position})"
                : e.ErrorCode)
            .ToList();
        var more = exception.Exceptions.Count() - issues.Count;
        return string.Join("; ", issues) + (more > 0 ? $"; and {more} more" : string.Empty);
    }
}
