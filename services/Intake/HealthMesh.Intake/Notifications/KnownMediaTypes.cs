using Hl7.Fhir.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace HealthMesh.Intake.Notifications;

/// <summary>The FHIR R4 media types a notification may come in (and its answer go out in), with their older aliases.</summary>
public static class KnownMediaTypes
{
    public const string FhirJson = "application/fhir+json";

    public const string FhirXml = "application/fhir+xml";

    private static readonly string[] Json = [FhirJson, "application/json", "application/json+fhir"];

    private static readonly string[] Xml = [FhirXml, "application/xml", "text/xml", "application/xml+fhir"];

    /// <summary>The body format a Content-Type names; <see cref="ResourceFormat.Unknown"/> when it is neither FHIR JSON nor FHIR XML.</summary>
    public static ResourceFormat FormatOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? FormatOfMediaType(parsed.MediaType.Value) : ResourceFormat.Unknown;

    /// <summary>
    /// The format to answer in: XML when the request's <c>Accept</c> prefers an XML type over the JSON ones, or names
    /// neither (or is missing) and the body was XML; JSON otherwise.
    /// </summary>
    public static ResourceFormat ResponseFormat(HttpRequest request)
    {
        var preferred = request.GetTypedHeaders().Accept
            .Where(a => a.Quality is not 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .Select(a => FormatOfMediaType(a.MediaType.Value))
            .Where(f => f != ResourceFormat.Unknown)
            .Select(f => (ResourceFormat?)f)
            .FirstOrDefault();
        return preferred is { } format ? format
            : FormatOf(request.ContentType) == ResourceFormat.Xml ? ResourceFormat.Xml
            : ResourceFormat.Json;
    }

    private static ResourceFormat FormatOfMediaType(string? mediaType) =>
        Json.Contains(mediaType, StringComparer.OrdinalIgnoreCase) ? ResourceFormat.Json
        : Xml.Contains(mediaType, StringComparer.OrdinalIgnoreCase) ? ResourceFormat.Xml
        : ResourceFormat.Unknown;
}
