using System.Net;
using HealthMesh.EhrSandbox.Resources;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace HealthMesh.EhrSandbox.Interactions;

/// <summary>A FHIR answer: status, <c>application/fhir+json</c> (or <c>+xml</c> when asked) body and the version headers (Location, ETag, Last-Modified).</summary>
public sealed class FhirResponse(HttpStatusCode status, Resource? body) : IResult
{
    public HttpStatusCode Status { get; } = status;

    public Resource? Body { get; } = body;

    public string? Location { get; init; }

    public StoredResource? Version { get; init; }

    public bool Minimal { get; init; }

    public static FhirResponse For(InteractionOutcome outcome, string baseUrl, bool withLocation, bool minimal) =>
        new(outcome.Status, outcome.Resource)
        {
            Version = outcome.Stored is { IsDeleted: false } ? outcome.Stored : null,
            Location = withLocation && outcome.Stored is { IsDeleted: false } stored ? $"{baseUrl}/{stored.RelativeVersionUrl}" : null,
            Minimal = minimal,
        };

    public static FhirResponse Error(FhirInteractionException exception) => new(exception.Status, exception.Outcome);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = (int)Status;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (Version is not null)
        {
            response.Headers.ETag = Version.ETag;
            response.Headers.LastModified = HeaderUtilities.FormatDate(Version.LastUpdated);
        }

        if (Body is null || (Minimal && Body is not OperationOutcome))
        {
            return;
        }

        var format = FhirFormat.ForResponse(httpContext.Request);
        response.ContentType = $"{format}; charset=utf-8";
        await response.WriteAsync(format == FhirFormat.Xml ? FhirXml.Serialize(Body) : FhirJson.Serialize(Body), httpContext.RequestAborted);
    }
}
