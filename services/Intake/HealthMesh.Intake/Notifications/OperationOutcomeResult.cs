using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Http;

namespace HealthMesh.Intake.Notifications;

/// <summary>A FHIR <c>OperationOutcome</c> answer (<c>application/fhir+json</c>): every notification response, success or not, says what happened.</summary>
public sealed class OperationOutcomeResult(int statusCode, OperationOutcome outcome, int? retryAfterSeconds = null) : IResult, IStatusCodeHttpResult
{
    public const string FhirJsonMediaType = "application/fhir+json";

    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public OperationOutcome Outcome { get; } = outcome;

    public static OperationOutcomeResult Issue(int statusCode, OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string diagnostics, int? retryAfterSeconds = null) =>
        new(statusCode, new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = diagnostics }] }, retryAfterSeconds);

    public static OperationOutcomeResult Error(int statusCode, OperationOutcome.IssueType code, string diagnostics, int? retryAfterSeconds = null) =>
        Issue(statusCode, OperationOutcome.IssueSeverity.Error, code, diagnostics, retryAfterSeconds);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = FhirJsonMediaType;
        if (retryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await httpContext.Response.Body.WriteAsync(FhirJson.SerializeToUtf8Bytes(Outcome), httpContext.RequestAborted);
    }
}
