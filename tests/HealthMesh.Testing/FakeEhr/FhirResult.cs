using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.Testing.FakeEhr;

/// <summary>A FHIR JSON response with a status code, as an EHR sends it.</summary>
public sealed class FhirResult(int statusCode, Resource resource, string? location = null, string? etag = null) : IResult
{
    public static FhirResult Outcome(int statusCode, OperationOutcome.IssueType code, string diagnostics) => new(
        statusCode,
        new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = diagnostics }],
        });

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "application/fhir+json; charset=utf-8";
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }

        if (etag is not null)
        {
            httpContext.Response.Headers.ETag = etag;
        }

        await httpContext.Response.Body.WriteAsync(FhirJson.SerializeToUtf8Bytes(resource));
    }
}
