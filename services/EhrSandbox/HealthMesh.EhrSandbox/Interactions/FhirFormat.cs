using HealthMesh.EhrSandbox.Resources;
using Microsoft.AspNetCore.Http;

namespace HealthMesh.EhrSandbox.Interactions;

/// <summary>Content negotiation: <c>_format</c> wins over <c>Accept</c>; JSON unless XML is asked for.</summary>
public static class FhirFormat
{
    public const string Json = "application/fhir+json";
    public const string Xml = "application/fhir+xml";

    public static string ForResponse(HttpRequest request)
    {
        if (request.Query.TryGetValue("_format", out var format) && format.FirstOrDefault() is { Length: > 0 } requested)
        {
            return requested switch
            {
                "json" or "application/json" or Json => Json,
                "xml" or "text/xml" or "application/xml" or Xml => Xml,
                _ => Json,
            };
        }

        var accept = request.Headers.Accept.ToString();
        return accept.Contains("xml", StringComparison.OrdinalIgnoreCase) && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) ? Xml : Json;
    }

    /// <summary>The format of a request body from its Content-Type (JSON when absent); anything else is a 415.</summary>
    public static string ForRequest(HttpRequest request)
    {
        var mediaType = (request.ContentType ?? Json).Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            Json or "application/json" => Json,
            Xml or "application/xml" or "text/xml" => Xml,
            _ => throw FhirInteractionException.NotSupported(
                $"Content-Type '{request.ContentType}' is not supported; send {Json} or {Xml}.", System.Net.HttpStatusCode.UnsupportedMediaType),
        };
    }
}
